import { hash } from './select.ts';
import type { StreamFact } from './stream-facts.ts';
import { OPT_OUT_LINE } from '../profiles/opt-out.ts';
import { yuan } from '../money.ts';

// The recall DM from templates: only facts passed in, so no price or offer can appear that
// is not in the data. Pure; the variant depends on member and day, and a text the member
// was sent before is never chosen.

export interface RecallFacts {
  name: string;
  /** Something they bought before (product name). */
  bought?: string;
  /** Something they asked about and did not buy. */
  asked?: string;
  /** An open 接龙 in their favourite category. */
  open?: { title: string; product?: string; price?: number; unit?: string };
  /** A reward they can afford or almost afford. */
  reward?: { name: string; cost: number; balance: number };
  /** The next live stream featuring one of their favourite categories. */
  stream?: StreamFact;
  /** The shop's welcome-back offer (RECALL_OFFER), word for word. */
  offer?: string;
}

const OPENINGS = [
  (n: string) => `${n}，好久没在群里见到你啦～`,
  (n: string) => `${n}，最近还好吗？想你啦～`,
  (n: string) => `${n}，好一阵子没见到你了，来打个招呼～`,
];

const SIGN_OFFS = ['祝你天天开心～', '有空常来群里坐坐～', '换季了，注意身体～', '有什么想要的，直接跟我说就好～'];

/** Every text the template can make from these facts: openings × sign-offs. */
export const TEMPLATE_VARIANTS = OPENINGS.length * SIGN_OFFS.length;

/**
 * The template text, never one the member was sent before (`avoid`). Undefined when every
 * variant has been sent already: better to stay quiet than repeat ourselves.
 */
export function composeRecall(facts: RecallFacts, seed: string, avoid?: string | ReadonlySet<string>): string | undefined {
  const sent = typeof avoid === 'string' ? new Set([avoid]) : avoid ?? new Set<string>();
  const base = hash(seed);
  for (let i = 0; i < TEMPLATE_VARIANTS; i++) {
    const v = (base + i) % TEMPLATE_VARIANTS;
    const text = build(facts, v % OPENINGS.length, Math.floor(v / OPENINGS.length));
    if (!sent.has(text)) return text;
  }
  return undefined;
}

function build(f: RecallFacts, opening: number, signOff: number): string {
  const lines = [OPENINGS[opening]!(f.name)];
  if (f.open) {
    const what = f.open.product ? `${f.open.product}${f.open.price !== undefined ? ` ${yuan(f.open.price, f.open.unit)}` : ''}` : '';
    const about = f.bought ? `你之前买过${f.bought}，` : f.asked ? `你之前问过${f.asked}，` : '';
    lines.push(`${about}现在群里正在接龙「${f.open.title}」${what ? `，有${what}` : ''}，要的话在群里接一下就好。`);
  } else if (f.bought) {
    lines.push(`上次的${f.bought}用得还顺手吗？新一期团购上了会在群里接龙。`);
  } else if (f.asked) {
    lines.push(`你之前问过${f.asked}，有新货会在群里接龙，记得留意哦。`);
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
