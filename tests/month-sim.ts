// A month and a half of a 60-member group, generated from a seed: who the members are, what
// each habit does each day, and a record of everything fed to the bot, kept independently of
// the bot so the tests can work out who should be picked, who came back and who bought.

import type { MemberRef } from '../bot/types.ts';
import { prng } from '../bench/random.ts';
import { DAY_MS, HOUR_MS } from '../scheduler/clock.ts';

/** The month tests import these names. */
export { DAY_MS as DAY, HOUR_MS as HOUR };
/** Day 0, 00:00 shop time (a Thursday). */
export const START = Date.parse('2026-10-01T00:00:00+08:00');
export const DAYS = 45;
export { group1 as group } from './helpers.ts';
export const owner: MemberRef = { id: 'wxid_laozhao', name: '老赵' };
export const PRODUCTS = ['亚麻籽油', '大米', '苹果', '鸡蛋', '小米'];
const QUESTIONS = ['亚麻籽油多少钱？', '苹果是哪里产的？', '鸡蛋还有吗？', '小米多少钱一袋？'];

export type Habit = 'daily' | 'weekly' | 'lapsed' | 'lurker' | 'newcomer' | 'asker' | 'koc' | 'invitee' | 'optout';
const HABITS: Array<[Habit, number]> = [
  ['daily', 7], ['weekly', 7], ['lapsed', 8], ['lurker', 10], ['newcomer', 6], ['asker', 7], ['koc', 4], ['invitee', 10], ['optout', 1],
];

export interface Sim {
  ref: MemberRef;
  habit: Habit;
  /** Index within the habit group. */
  i: number;
  inviter?: MemberRef;
  joinDay: number;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡'.split('').filter((s) => s !== '赵');
const SUFFIX = ['阿姨', '姐', '哥', '叔', '奶奶'];

export function members(): Sim[] {
  const out: Sim[] = [];
  let n = 0;
  for (const [habit, count] of HABITS) {
    for (let i = 0; i < count; i++, n++) {
      const name = `${SURNAMES[n % SURNAMES.length]}${SUFFIX[Math.floor(n / SURNAMES.length)]}`;
      out.push({ ref: { id: `wxid_m${String(n).padStart(2, '0')}`, name }, habit, i, joinDay: 0 });
    }
  }
  const kocs = out.filter((m) => m.habit === 'koc');
  for (const m of out) {
    if (m.habit === 'newcomer') m.joinDay = 40 + (m.i % 5);
    if (m.habit === 'invitee') {
      m.inviter = kocs[m.i % kocs.length]!.ref;
      m.joinDay = 5 + (m.i % 4);
    }
  }
  return out;
}

export type Action =
  | { at: number; who: MemberRef; kind: 'group' | 'dm'; text: string }
  | { at: number; who: MemberRef; kind: 'join'; inviter?: MemberRef };

/**
 * What the members do on day d, before any reaction to the bot: each habit's routine,
 * with times and chances drawn from the seeded generator.
 */
export function routine(d: number, all: Sim[], rand: () => number): Action[] {
  const base = START + d * DAY_MS;
  const at = (h: number) => base + Math.round(h * HOUR_MS);
  const anytime = () => at(9 + rand() * 10);
  const out: Action[] = [];
  const say = (who: MemberRef, h: number, text: string, kind: 'group' | 'dm' = 'group') => out.push({ at: at(h), who, kind, text });
  const order = (who: MemberRef, h?: number) => out.push({ at: h === undefined ? anytime() : at(h), who, kind: 'group', text: '+1' });
  for (const m of all) {
    const { ref, i } = m;
    if (d === m.joinDay) out.push({ at: at(8), who: ref, kind: 'join', ...(m.inviter ? { inviter: m.inviter } : {}) });
    switch (m.habit) {
      case 'daily':
        if (rand() < 0.85) order(ref);
        if (rand() < 0.3) say(ref, 9 + rand() * 10, '早上好');
        break;
      case 'weekly':
        if (d % 7 === i % 7) order(ref);
        break;
      case 'lapsed':
        if ([1, 4, 7].includes(d) || (d === 10 && i >= 4)) order(ref, 10);
        if (i % 2 === 1 && d === 15 + i) say(ref, 9, '大家早');
        break;
      case 'lurker':
        if (d === 1 + (i % 3)) say(ref, 9, '大家好');
        break;
      case 'newcomer':
        if (d === m.joinDay) say(ref, 9, '大家好，新来的');
        break;
      case 'asker':
        if (d % 3 === i % 3) say(ref, 9 + rand() * 10, QUESTIONS[(d + i) % QUESTIONS.length]!, 'dm');
        if (i === 0 && d === 5) order(ref);
        break;
      case 'koc':
        if (d % 4 === i % 4) say(ref, 9 + rand() * 10, '今天的菜挺新鲜');
        if (d === 20 || d === 35) order(ref);
        break;
      case 'invitee':
        if (d === m.joinDay + 1 || (d === m.joinDay + 15 && i % 2 === 0)) order(ref);
        if (d === 38 + (i % 5)) say(ref, 9 + rand() * 10, '谢谢团长');
        break;
      case 'optout':
        if (d === 1) say(ref, 9, '大家好');
        if (d === 3) say(ref, 12, '退订', 'dm');
        break;
    }
  }
  return out;
}

export { prng };

/** What the test knows each member did, kept from the actions it fed (never read from the bot). */
export class Ledger {
  readonly joined = new Map<string, number>();
  readonly active = new Map<string, number[]>();
  readonly orders = new Map<string, number[]>();
  /** Opt-out (true) and opt-in (false) with their times. */
  readonly optOuts = new Map<string, Array<[number, boolean]>>();

  feed(a: Action): void {
    const id = a.who.id;
    if (a.kind === 'join') {
      if (!this.joined.has(id)) this.joined.set(id, a.at);
      return;
    }
    const word = a.text.trim();
    if (word === '退订' || word === '订阅') {
      push(this.optOuts, id, [a.at, word === '退订']);
      // Saying "no more" is not coming back (the bot undoes its credit too), but it is activity.
      push(this.active, id, a.at);
      return;
    }
    push(this.active, id, a.at);
    if (word === '+1') push(this.orders, id, a.at);
  }

  /** Activity for the stage: messages, orders, and joining. */
  lastActive(id: string, t: number): number | undefined {
    const times = [...(this.active.get(id) ?? []), ...(this.joined.has(id) ? [this.joined.get(id)!] : [])].filter((x) => x <= t);
    return times.length ? Math.max(...times) : undefined;
  }

  ordersUntil(id: string, t: number): number[] {
    return (this.orders.get(id) ?? []).filter((x) => x <= t);
  }

  optedOut(id: string, t: number): boolean {
    let out = false;
    for (const [at, v] of this.optOuts.get(id) ?? []) if (at <= t) out = v;
    return out;
  }

  /** Came back within [from, to]: any message or order that is not an opt-out. */
  cameBack(id: string, from: number, to: number): { back: boolean; ordered: boolean } {
    const optOutTimes = new Set((this.optOuts.get(id) ?? []).filter(([, v]) => v).map(([at]) => at));
    const back = (this.active.get(id) ?? []).some((x) => x >= from && x <= to && !optOutTimes.has(x));
    const ordered = (this.orders.get(id) ?? []).some((x) => x >= from && x <= to);
    return { back, ordered };
  }
}

function push<T>(map: Map<string, T[]>, id: string, v: T): void {
  const list = map.get(id) ?? [];
  list.push(v);
  map.set(id, list);
}
