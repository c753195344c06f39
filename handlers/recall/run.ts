import type { Services } from '../../bot/context.ts';
import { ownerRefs } from '../../bot/owners.ts';
import { dayKey, DAY_MS } from '../../scheduler/clock.ts';
import { inShopGroup, memberName } from '../../store/members.ts';
import type { StageRules } from '../profiles/index.ts';
import type { Activity } from '../profiles/index.ts';
import { recallFacts } from './facts.ts';
import { reasonsOf } from './compose.ts';
import { catalogLookup } from '../profiles/index.ts';
import { nobodyText, whyChosen } from './why.ts';
import { recallWriter } from './write.ts';
import type { ChatModel } from '../../prompts/model.ts';
import { RECALL_STAGES, selectRecall, type Pick, type Selection } from './select.ts';
import { spendOf } from '../profiles/index.ts';
import type { Profile } from '../profiles/index.ts';
import type { RecallArchivedTotals, RecallRun, RecallTally, RecallTarget } from './types.ts';
import { sentKeys, textsSent } from './sent-texts.ts';

// Planning, sending and measuring recall runs against the store. The choices are made by
// the pure select/compose/facts modules; this file only reads and writes state.

/** How long after a run a member's activity counts as having come back. */
export const WINDOW_DAYS = 7;

/**
 * The run's list and texts. With a model each text is written by it from that member's
 * facts alone (checked, else the template); the model is asked one member at a time.
 */
export async function planRun(services: Services, rules: StageRules, now: number, model?: ChatModel): Promise<{ run: RecallRun; selection: Selection }> {
  const { store, config, isOwner } = services;
  const runId = dayKey(now, config.TZ);
  const selection = selectRecall(store.data.profiles, now, rules, {
    runId, cooldownDays: config.RECALL_COOLDOWN_DAYS, holdoutPercent: config.RECALL_HOLDOUT_PERCENT, max: config.RECALL_MAX_PER_RUN,
    isOwner: (id) => isOwner({ id, name: store.data.members[id]?.name ?? '' }),
    inShopGroup: (id) => inShopGroup(store.data, id),
  });
  const run: RecallRun = { id: runId, plannedAt: now, status: 'preview', contacted: {}, control: {} };
  const writer = recallWriter(model, { bot: config.BOT_NAME, catalog: store.data.catalog, members: store.data.members });
  // The recall texts each member was sent, by every run that went out (./sent-texts.ts).
  const sent = sentKeys(store.data.recall);
  const look = catalogLookup(store.data.catalog);
  const target = (profile: Pick['profile'], stage: Pick['stage']): RecallTarget =>
    ({ id: profile.id, name: memberName(store.data, profile.id), stage, why: whyChosen(profile, stage, now, look.nameOf) });
  // No concrete reason to come back (an open 接龙, a stream, a reward, a product they asked
  // about, the shop's offer): no DM, and not held back either, so the two groups stay alike.
  const skip = (pick: Pick): boolean => {
    services.log.info({ member: pick.profile.id, stage: pick.stage }, 'recall skipped: no reason to come back in the facts');
    (run.skipped ??= {})[pick.profile.id] = target(pick.profile, pick.stage);
    return false;
  };
  const withFacts = selection.contacted
    .map((pick) => ({ pick, facts: recallFacts(pick.profile, store.data, { offer: config.RECALL_OFFER, now, tz: config.TZ }) }))
    .filter(({ pick, facts }) => reasonsOf(facts).length > 0 || skip(pick));
  const written = await inBatches(withFacts, MODEL_CONCURRENCY, ({ pick: { profile }, facts }) => {
    return writer.write(facts, `${runId}:${profile.id}`, textsSent(sent.get(profile.id), profile.lastRecallText));
  });
  withFacts.forEach(({ pick: { profile, stage }, facts }, i) => {
    const w = written[i];
    // Every text we could write was sent before: leave them be rather than repeat ourselves.
    if (!w) return;
    if (w.reason) services.log.warn({ member: profile.id, reason: w.reason }, 'recall text from the model not used; template text');
    run.contacted[profile.id] = { ...target(profile, stage), text: w.text, about: reasonsOf(facts).map((r) => r.label) };
  });
  for (const pick of selection.control) {
    const facts = recallFacts(pick.profile, store.data, { offer: config.RECALL_OFFER, now, tz: config.TZ });
    if (reasonsOf(facts).length === 0) skip(pick);
    else run.control[pick.profile.id] = target(pick.profile, pick.stage);
  }
  return { run, selection };
}

/** A few model calls at a time: a run of ten takes a few seconds, not ten round trips. */
const MODEL_CONCURRENCY = 4;

async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

/** Queues the DMs and opens the measurement window for contacted and control alike. */
export function dispatchRun(services: Services, run: RecallRun, now: number): number {
  const { store, outbox, log } = services;
  const profiles = store.data.profiles.members;
  let queued = 0;
  // The day's free DM places go to the run's best picks (at-risk first, then bigger spenders,
  // as selectRecall ranked them); the rest are not sent and not counted as picked, so the next
  // run can choose them again. Nothing waits behind the daily cap (./places.ts).
  let places = outbox.unsolicitedDmPlaces().left;
  for (const target of contactOrder(run, profiles)) {
    const p = profiles[target.id];
    // Opted out since the preview: drop them, and say so in the run (not counted either way).
    if (!p || p.optedOut || !target.text) {
      delete run.contacted[target.id];
      continue;
    }
    if (places <= 0) {
      delete run.contacted[target.id];
      (run.overCap ??= {})[target.id] = target;
      log.info({ run: run.id, member: target.id, stage: target.stage }, 'recall not sent: the day\'s DM places went to members ranked higher (daily DM cap)');
      continue;
    }
    places--;
    outbox.enqueue({ key: `recall:${run.id}:${p.id}`, to: { kind: 'dm', member: { id: p.id, name: memberName(store.data, p.id) } }, text: target.text, purpose: 'unsolicited' });
    p.recalls.push(now);
    // The text itself stays with the run (and its key in recall.sentBefore once archived):
    // not copied into the profile, where 2,000 of them would sit in state.json for ever.
    p.lastRecallPickAt = now;
    p.watch = { run: run.id, until: now + WINDOW_DAYS * DAY_MS };
    queued++;
  }
  for (const target of Object.values(run.control)) {
    const p = profiles[target.id];
    if (!p) continue;
    p.lastRecallPickAt = now;
    p.watch = { run: run.id, until: now + WINDOW_DAYS * DAY_MS };
  }
  run.status = 'sent';
  run.sentAt = now;
  store.data.recall.runs[run.id] = run;
  if (store.data.recall.pending === run.id) delete store.data.recall.pending;
  store.changed();
  return queued;
}

/** The run's contacted members best first: at-risk before silent, then by spend (selectRecall's order). */
function contactOrder(run: RecallRun, profiles: Record<string, Profile>): RecallTarget[] {
  const spend = (t: RecallTarget) => (profiles[t.id] ? spendOf(profiles[t.id]!) : 0);
  return Object.values(run.contacted).sort((a, b) =>
    RECALL_STAGES.indexOf(a.stage) - RECALL_STAGES.indexOf(b.stage) || spend(b) - spend(a) || (a.id < b.id ? -1 : 1));
}

/** Credits a member's activity to the run whose window they are in. */
export function creditActivity(services: Services, a: Activity): void {
  const { store } = services;
  const p = store.data.profiles.members[a.member];
  if (!p?.watch || a.at > p.watch.until) return;
  const run = store.data.recall.runs[p.watch.run];
  if (!run?.sentAt || a.at < run.sentAt) return;
  const target: RecallTarget | undefined = run.contacted[a.member] ?? run.control[a.member];
  if (!target) return;
  target.backAt ??= a.at;
  if (a.ordered) target.orderedAt ??= a.at;
  store.changed();
}

/**
 * The owner's preview: who, why each was picked, what their DM names, and who was left out
 * for want of anything to tell them. `nobody` is what to say when the run is empty.
 */
export function previewText(run: RecallRun, deferred: number, mode: 'approve' | 'preview', nobody: string): string {
  const contacted = Object.values(run.contacted);
  const control = Object.values(run.control);
  const skipped = Object.values(run.skipped ?? {});
  const who = (t: RecallTarget) => `${t.name}（${t.stage}）${t.why ? `：${t.why}` : ''}`;
  const lines: string[] = [];
  if (contacted.length === 0 && skipped.length === 0) {
    return control.length ? `今天符合召回条件的 ${control.length} 人都被随机留作对照组，不发私信。` : nobody;
  }
  if (contacted.length) {
    lines.push(`召回名单：${contacted.length} 人${control.length ? `，另有 ${control.length} 人随机留作对照不发` : ''}${deferred ? `，${deferred} 人超出每次上限、下次再发` : ''}。`);
    contacted.forEach((t, i) => {
      lines.push('', `${i + 1}. ${who(t)}`);
      if (t.about?.length) lines.push(`私信里提了：${t.about.join('、')}`);
      lines.push(t.text ?? '');
    });
  } else {
    lines.push(`这次没有能发的召回私信${control.length ? `（另有 ${control.length} 人随机留作对照不发）` : ''}。`);
  }
  if (skipped.length) {
    lines.push('', `这 ${skipped.length} 人没发：眼下没有能请TA回来的事（TA群里的接龙、合TA口味的直播、够换的积分礼品、问过又有货的商品、回归福利都没有），光打招呼就不发了。`);
    for (const t of skipped) lines.push(`· ${who(t)}`);
    lines.push('开个接龙、排一场直播，或者设一个回归福利，下次就能发给TA们。');
  }
  if (contacted.length) lines.push('', mode === 'approve' ? '回复 /召回 确认 发出，/召回 取消 不发。' : '这是预览，什么都没有发出。');
  else if (mode === 'preview') lines.push('', '这是预览，什么都没有发出。');
  return lines.join('\n');
}

/** What /召回 预览 says when nobody can be recalled: the rule and the earliest date. */
export function nobodyNow(services: Services, rules: StageRules, now: number): string {
  const { store, config, isOwner } = services;
  return nobodyText(store.data.profiles, now, {
    rules, cooldownDays: config.RECALL_COOLDOWN_DAYS, tz: config.TZ,
    isOwner: (id) => isOwner({ id, name: store.data.members[id]?.name ?? '' }),
    inShopGroup: (id) => inShopGroup(store.data, id),
    nameOf: (id) => memberName(store.data, id),
  });
}

/** Tells the owners about today's run, once (keyed by the run). */
export function sendPreview(services: Services, run: RecallRun, deferred: number): void {
  const { outbox } = services;
  for (const owner of ownerRefs(services)) {
    outbox.enqueue({ key: `recall-preview:${run.id}:${owner.id}`, to: { kind: 'dm', member: owner }, text: previewText(run, deferred, 'approve', ''), purpose: 'requested' });
  }
}

/** What /召回 报告 sums over a run's group: everyone measured, who came back, who ordered. */
export function tallyOf(targets: Record<string, RecallTarget>): RecallTally {
  let n = 0, back = 0, ordered = 0;
  for (const t of Object.values(targets)) { n++; if (t.backAt) back++; if (t.orderedAt) ordered++; }
  return { n, back, ordered };
}

/** Whether /召回 报告 counts the run: it went out. */
export const isMeasured = (r: RecallRun): boolean => r.status === 'sent' && r.sentAt !== undefined;

/**
 * /召回 报告 over every sent run: those in `runs` (state.json's), and the archived ones, whose
 * windows are over, by their totals (`archived`, ./archive.ts).
 */
export function reportText(runs: RecallRun[], now: number, archived?: RecallArchivedTotals): string {
  const sent = runs.filter(isMeasured);
  const count = sent.length + (archived?.runs ?? 0);
  if (count === 0) return `还没有发过召回，发出后 ${WINDOW_DAYS} 天就能看到效果。`;
  const sum = (pick: (r: RecallRun) => Record<string, RecallTarget>, before: RecallTally | undefined) => {
    const total = { n: before?.n ?? 0, back: before?.back ?? 0, ordered: before?.ordered ?? 0 };
    for (const r of sent) {
      const t = tallyOf(pick(r));
      total.n += t.n; total.back += t.back; total.ordered += t.ordered;
    }
    return total;
  };
  const pct = (a: number, b: number) => (b ? `（${Math.round((a / b) * 100)}%）` : '');
  const c = sum((r) => r.contacted, archived?.contacted);
  const k = sum((r) => r.control, archived?.control);
  const open = sent.filter((r) => now - r.sentAt! < WINDOW_DAYS * DAY_MS).length;
  const lines = [
    `召回效果（${count} 次，看发出后 ${WINDOW_DAYS} 天内）：`,
    `发了私信：联系了 ${c.n} 人，回来了 ${c.back} 人${pct(c.back, c.n)}，下单了 ${c.ordered} 人${pct(c.ordered, c.n)}`,
    `对照组（随机留着没发）：${k.n} 人，自己回来了 ${k.back} 人${pct(k.back, k.n)}，下单了 ${k.ordered} 人${pct(k.ordered, k.n)}`,
    `“回来”是 ${WINDOW_DAYS} 天内在群里说话、签到、问东西或下单。`,
  ];
  if (k.n === 0) lines.push('还没有留对照组，没法比出私信到底多带回了几个人。');
  else if (k.n < 10) lines.push(`对照组才 ${k.n} 人，差别先别太当真。`);
  if (open) lines.push(`其中 ${open} 次发出还不满 ${WINDOW_DAYS} 天，数字还会变。`);
  return lines.join('\n');
}
