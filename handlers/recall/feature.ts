import type { Handler } from '../../bot/router.ts';
import { dayKey } from '../../scheduler/clock.ts';
import type { Command, Keyword } from '../../bot/commands.ts';
import type { ProfilesApi } from '../profiles/index.ts';
import type { Feature, FeatureKit } from '../../bot/feature.ts';
import { recallSlice } from './types.ts';
import { stageRulesFrom } from '../profiles/index.ts';
import { createChatModel } from '../../prompts/model.ts';
import { withoutTrailing } from '../../text/keywords.ts';
import { followups } from './followup.ts';
import { creditActivity, dispatchRun, nobodyNow, planRun, previewText, reportText, sendPreview, WINDOW_DAYS } from './run.ts';
import { archiveRuns } from './archive.ts';

export const RECALL_JOB = 'recall-run';

/** 退订 in /help, beside what opts out (OPT_OUT) and back in (OPT_IN). */
const OPT_OUT_KEYWORD: Keyword = { text: '退订', summary: '不再收到召回、回访这类私信（发「订阅」恢复）' };
const OPT_OUT = /^(退订|TD|别发了|不要再发了?|不用再发了?)$/i;
const OPT_IN = /^(订阅|恢复订阅)$/;

export interface RecallFeature {
  handler: Handler;
  /** Resolves when every preview the model is still writing has been sent. */
  idle(): Promise<void>;
}

function installRecall(kit: FeatureKit, profiles: ProfilesApi): RecallFeature {
  const { services } = kit;
  const { store, config, clock } = services;
  const rules = stageRulesFrom(config);
  profiles.onActivity((a) => creditActivity(services, a));
  followups(kit);

  const model = createChatModel(config);
  const inFlight = new Set<Promise<void>>();

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  // Runs done with (window over, old previews) leave state.json for recall-archive.jsonl: at
  // start-up (a state.json from before the archive, or from a bot that was down), then daily.
  const archive = (now: number) => {
    try {
      const moved = archiveRuns(store, now);
      if (moved > 0) services.log.info({ moved }, 'recall runs archived');
    } catch (err) {
      services.log.warn({ err: (err as Error).message }, 'recall runs not archived; kept in state.json, tried again at the next run');
    }
  };
  archive(clock.now());

  kit.job(RECALL_JOB, async () => {
    const now = clock.now();
    archive(now);
    if (config.RECALL_MODE === 'off') return;
    // One run a day: a restart or a second trigger on the same day changes nothing.
    if (store.data.recall.runs[dayKey(now, config.TZ)]) return;
    if (!model) return dailyRun(now);
    // With a model the texts take seconds (each call up to OPENAI_TIMEOUT_MS): they are written
    // beside the scheduler, so a cut-off or a stream preview due a minute later goes on time.
    // The day's slot is already spent either way, so a crash meanwhile loses no more than before.
    track(dailyRun(now).catch((err: unknown) => void services.log.error({ err: (err as Error).message }, 'recall run failed')));
  });
  kit.every('recall:daily', config.RECALL_CRON, RECALL_JOB);

  async function dailyRun(now: number): Promise<void> {
    const { run, selection } = await planRun(services, rules, now, model);
    // Planned while the model wrote: a second trigger in the meantime already did today's run.
    if (store.data.recall.runs[run.id]) return;
    if (Object.keys(run.contacted).length === 0 && Object.keys(run.control).length === 0) return;
    if (config.RECALL_MODE === 'auto' || Object.keys(run.contacted).length === 0) {
      dispatchRun(services, run, now);
      return;
    }
    // A preview not confirmed by the next run is dropped: its list is a day old.
    const stale = store.data.recall.pending ? store.data.recall.runs[store.data.recall.pending] : undefined;
    if (stale?.status === 'preview') stale.status = 'cancelled';
    store.data.recall.runs[run.id] = run;
    store.data.recall.pending = run.id;
    store.changed();
    sendPreview(services, run, selection.deferred);
  }

  const usage = '/召回 预览 | 确认 | 取消 | 报告';
  const command: Command = {
    name: '召回', ownerOnly: true, usage, summary: '给沉默、快流失的成员发私信：预览、确认发出、取消、看效果',
    async run(ctx, args) {
      const sub = args.trim();
      const pending = store.data.recall.pending ? store.data.recall.runs[store.data.recall.pending] : undefined;
      if (sub === '预览' || sub === '') {
        if (pending?.status === 'preview') return void ctx.reply(previewText(pending, 0, 'approve', nobodyNow(services, rules, ctx.now)));
        if (!model) {
          const { run, selection } = await planRun(services, rules, ctx.now);
          return void ctx.reply(previewText(run, selection.deferred, 'preview', nobodyNow(services, rules, ctx.now)));
        }
        // The model writes for several members: that runs beside the event queue, so the
        // groups are not kept waiting while it does.
        ctx.reply('好的，正在按每个人的情况写召回私信，写好马上发你预览～');
        const work = planRun(services, rules, ctx.now, model)
          .then(({ run, selection }) => void ctx.reply(previewText(run, selection.deferred, 'preview', nobodyNow(services, rules, ctx.now))))
          .catch((err: unknown) => {
            services.log.error({ err: (err as Error).message }, 'recall preview failed');
            ctx.reply('这次预览没写出来，请稍后再发 /召回 预览 试试。');
          });
        track(work);
        return;
      }
      if (sub === '确认' || sub === '发送') {
        if (pending?.status !== 'preview') return void ctx.reply('现在没有等你确认的召回名单。发送 /召回 预览 看看下次会发给谁。');
        const n = dispatchRun(services, pending, ctx.now);
        return void ctx.reply(`好的，${n} 条召回私信已排进发送队列，会按每日上限和免打扰时间慢慢发出。${WINDOW_DAYS} 天后发 /召回 报告 看效果。`);
      }
      if (sub === '取消') {
        if (pending?.status !== 'preview') return void ctx.reply('现在没有等你确认的召回名单，不用取消。');
        pending.status = 'cancelled';
        delete store.data.recall.pending;
        store.changed();
        return void ctx.reply('好的，这次的召回名单不发了。');
      }
      if (sub === '报告') return void ctx.reply(reportText(Object.values(store.data.recall.runs), ctx.now, store.data.recall.archived));
      ctx.reply(`没有「${sub}」这个用法。请发送 ${usage}，例如 /召回 预览`);
    },
  };
  kit.command(command);
  kit.keyword(OPT_OUT_KEYWORD);

  const handler: Handler = async (ctx, next) => {
    if (ctx.event.kind !== 'text') return next();
    const word = withoutTrailing(ctx.text);
    const optOut = OPT_OUT.test(word);
    if (!optOut && !OPT_IN.test(word)) return next();
    const p = store.data.profiles.members[ctx.member.id];
    if (!p) return next();
    if (optOut) {
      // Saying "no more" is not coming back: undo the credit this very message earned.
      const run = p.watch ? store.data.recall.runs[p.watch.run] : undefined;
      const target = run?.contacted[p.id] ?? run?.control[p.id];
      if (target?.backAt === ctx.event.at) delete target.backAt;
      const already = p.optedOut === true;
      if (!already) Object.assign(p, { optedOut: true, optedOutAt: ctx.now });
      store.changed();
      ctx.reply(already
        ? '你已经退订过啦，不会再收到这类私信。想恢复的话，回复「订阅」就行～'
        : '好的，以后不再给你发这类私信了。想恢复的话，随时回复「订阅」。群里的消息照常能看到～');
      return;
    }
    p.optedOut = false;
    delete p.optedOutAt;
    store.changed();
    ctx.reply('好的，已经恢复啦。有合适的好货和活动会私信告诉你～');
  };
  return {
    handler,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** Recall and follow-up DMs, planned from the profiles it is given. */
export function recallFeature(profiles: ProfilesApi): Feature {
  return {
    name: 'recall',
    slices: [recallSlice],
    install(kit) {
      const recall = installRecall(kit, profiles);
      return { handler: recall.handler, idle: () => recall.idle() };
    },
  };
}
