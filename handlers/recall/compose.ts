import { hash } from './select.ts';
import type { StreamFact } from './stream-facts.ts';
import { OPT_OUT_LINE } from '../profiles/index.ts';
import { yuan } from '../../text/money.ts';

// The recall DM from templates: only facts passed in, so no price or offer can appear that
// is not in the data. Pure; the variant depends on member and day, and a text the member
// was sent before is never chosen. Every text carries at least one concrete reason to come
// back (reasonsOf); a member the facts give no reason for gets no text at all.

export interface RecallFacts {
  name: string;
  /** Something they bought before (product name). */
  bought?: string;
  /** Something they asked about and did not buy. */
  asked?: string;
  /** What they asked about is on sale now (from the catalog). */
  askedInStock?: { price?: number; unit?: string };
  /** An open 接龙 in one of their groups (in their favourite category when there is one). */
  open?: { title: string; product?: string; price?: number; unit?: string; /** In their favourite category (else just any open one in their group). */ favourite?: boolean };
  /** A reward they can afford or almost afford. */
  reward?: { name: string; cost: number; balance: number };
  /** The next live stream featuring one of their favourite categories. */
  stream?: StreamFact;
  /** The shop's welcome-back offer (RECALL_OFFER), word for word. */
  offer?: string;
}

export type ReasonKind = 'open' | 'stream' | 'reward' | 'asked' | 'offer';

/** One concrete reason to come back: what the owner is shown, and the words that show a text carries it. */
export interface Reason {
  kind: ReasonKind;
  /** For the owner's preview, in plain words. */
  label: string;
  /** A text that holds any of these names the reason. */
  words: string[];
}

/**
 * The reasons to come back the facts hold, strongest first: an open 接龙 in their group, the
 * next stream they would like, a reward they can already claim, something they asked about
 * that is on sale now, the shop's offer. Having bought something once is not one by itself.
 */
export function reasonsOf(f: RecallFacts): Reason[] {
  const out: Reason[] = [];
  if (f.open) out.push({ kind: 'open', label: `群里正在接龙「${f.open.title}」`, words: [`「${f.open.title}」`, f.open.title, ...(f.open.product ? [f.open.product] : [])] });
  if (f.stream) out.push({ kind: 'stream', label: `${f.stream.when}的直播「${f.stream.title}」`, words: [f.stream.title, f.stream.when] });
  if (f.reward && f.reward.balance >= f.reward.cost) out.push({ kind: 'reward', label: `积分够换「${f.reward.name}」了`, words: [f.reward.name] });
  if (f.asked && f.askedInStock) out.push({ kind: 'asked', label: `问过的${f.asked}现在有货`, words: [f.asked] });
  if (f.offer) out.push({ kind: 'offer', label: '回归福利', words: [f.offer] });
  return out;
}

/** Whether a text (the model's) names at least one of the facts' reasons to come back. */
export function carriesReason(text: string, f: RecallFacts): boolean {
  return reasonsOf(f).some((r) => r.words.some((w) => w.length > 0 && text.includes(w)));
}

const OPENINGS = [
  (n: string) => `${n}，好久没在群里见到你啦～`,
  (n: string) => `${n}，最近还好吗？`,
  (n: string) => `${n}，好一阵子没见到你了，来打个招呼～`,
];

const SIGN_OFFS = ['有空来群里坐坐～', '有什么想要的，直接跟我说就好～', '邻居们都在群里，常来看看呀～', '等你来群里聊聊～'];

/** The texts a member was sent before, as the writers ask about them (a Set, or ./sent-texts.ts's keys). */
export interface TextsSent {
  has(text: string): boolean;
}

/** Every text the template can make from these facts: openings × sign-offs. */
export const TEMPLATE_VARIANTS = OPENINGS.length * SIGN_OFFS.length;

/**
 * The template text, never one the member was sent before (`avoid`). Undefined when every
 * variant has been sent already (better to stay quiet than repeat ourselves), or when the
 * facts hold no reason to come back (better to stay quiet than send an empty hello).
 */
export function composeRecall(facts: RecallFacts, seed: string, avoid?: string | TextsSent): string | undefined {
  if (reasonsOf(facts).length === 0) return undefined;
  const sent: TextsSent = typeof avoid === 'string' ? new Set([avoid]) : avoid ?? new Set<string>();
  const base = hash(seed);
  for (let i = 0; i < TEMPLATE_VARIANTS; i++) {
    const v = (base + i) % TEMPLATE_VARIANTS;
    const text = build(facts, v % OPENINGS.length, Math.floor(v / OPENINGS.length));
    if (!sent.has(text)) return text;
  }
  return undefined;
}

const priced = (price: number | undefined, unit: string | undefined) => (price !== undefined ? yuan(price, unit) : '');

function build(f: RecallFacts, opening: number, signOff: number): string {
  const lines = [OPENINGS[opening]!(f.name)];
  if (f.open) {
    const what = f.open.product ? `${f.open.product}${f.open.price !== undefined ? ` ${priced(f.open.price, f.open.unit)}` : ''}` : '';
    const about = !f.open.favourite ? '' : f.bought ? `你之前买过${f.bought}，` : f.asked ? `你之前问过${f.asked}，` : '';
    lines.push(`${about}现在群里正在接龙「${f.open.title}」${what ? `，有${what}` : ''}，要的话在群里接一下就好。`);
  } else if (f.asked && f.askedInStock) {
    const price = priced(f.askedInStock.price, f.askedInStock.unit);
    lines.push(`你之前问过的${f.asked}现在有货${price ? `，${price}` : ''}，想要的话在群里说一声就好。`);
  } else if (f.bought) {
    lines.push(`上次的${f.bought}用得还顺手吗？`);
  }
  if (f.stream) {
    lines.push(`${f.stream.when}有场直播「${f.stream.title}」，有你喜欢的${f.stream.category}，想看的话回复“${f.stream.reserve}”，开播前提醒你。`);
  }
  if (f.reward) {
    lines.push(f.reward.balance >= f.reward.cost
      ? `你有 ${f.reward.balance} 积分，已经够换「${f.reward.name}」了，发「兑换 ${f.reward.name}」就行。`
      : `你有 ${f.reward.balance} 积分，再攒 ${f.reward.cost - f.reward.balance} 分就能换「${f.reward.name}」，每天签到就能攒。`);
  }
  if (f.offer) lines.push(f.offer);
  lines.push(SIGN_OFFS[signOff]!, OPT_OUT_LINE);
  return lines.join('\n');
}
