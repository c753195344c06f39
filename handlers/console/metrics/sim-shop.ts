import type { LogEntry } from '../../../store/log.ts';
import type { RecallRunInput } from './types.ts';
import { prng } from '../../../bench/random.ts';

// A generated shop for the metrics' tests and benchmark (not used by the bot): members who are on
// the roster from the start or join (some invited, some twice), chat, check in, ask, share, reserve
// a weekly live stream, sign up to 接龙 three times a week (some across midnight and month ends), have
// orders cancelled and refunded after the cut-off, and are picked by weekly recall runs. It writes
// the behaviour-log entries the bot would write and, beside them, the truth: what happened, in
// plain records, so a test can work the figures out without reading the log.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface SimOptions {
  /** Day 0, 00:00 shop time (Asia/Shanghai: no daylight saving, so days are 24 h). */
  start: number;
  days: number;
  members: number;
  seed: number;
}

export type ActivityKind = 'text' | 'share' | 'app' | 'checkin' | 'question' | 'reserve' | 'jielong';

/** One line of a closed 接龙 as it ends up: `fen` after every refund, or gone. */
export interface TrueLine {
  lineId: number;
  /** Null: the line had no amount. */
  fen: number | null;
  finalFen: number;
  gone: boolean;
  products: string[];
}

export interface TrueOrder {
  member: string;
  jielong: string;
  stream?: number;
  /** The member's first sign-up in the 接龙, or the close for a line the owner added. */
  placedAt: number;
  closedAt: number;
  lines: TrueLine[];
}

export interface SimTruth {
  owner: string;
  /** Every member id, in the order they were made. */
  members: string[];
  /** Every join, in time order (a member who joined twice is here twice). */
  joins: Array<{ member: string; at: number; inviter?: string }>;
  /** Every time an entry named a member (actor, joiner, inviter, roster, order placed). */
  seen: Array<{ member: string; at: number }>;
  activity: Array<{ member: string; at: number; kind: ActivityKind }>;
  /** 接龙 sign-ups and edits. */
  signups: Array<{ member: string; jielong: string; at: number }>;
  orders: TrueOrder[];
  reservations: Array<{ stream: number; member: string; at: number }>;
  reminders: Array<{ stream: number; member: string; at: number }>;
  /** Titles the streams slice knows (some streams' 接龙 never closed, so the log has no title). */
  streamTitles: Record<number, string>;
  /** The title on each stream's 接龙, for those that had one. */
  closedTitles: Record<number, string>;
  /** Every 接龙 close: when, and the stream it sold for. */
  closes: Array<{ jielong: string; at: number; stream?: number }>;
  runs: RecallRunInput[];
}

export interface SimShop {
  entries: LogEntry[];
  truth: SimTruth;
}


export const SIM_PRODUCTS: ReadonlyArray<{ name: string; fen: number }> = [
  { name: '亚麻籽油', fen: 3990 }, { name: '东北大米', fen: 5980 }, { name: '红富士苹果', fen: 4990 }, { name: '土鸡蛋', fen: 2850 },
  { name: '小米', fen: 1990 }, { name: '薄皮核桃', fen: 3560 }, { name: '赣南脐橙', fen: 6990 }, { name: '手工挂面', fen: 1290 },
];

const group = { id: 'sim1@chatroom', name: '幸福里1群' };
const group2 = { id: 'sim2@chatroom', name: '幸福里2群' };

interface SimMember {
  id: string;
  name: string;
  no: number;
  /** Day they join (roster members: -1, on the roster from day 0). */
  joinDay: number;
  chat: number;
  buy: number;
  /** From this day on they do nothing (unless a recall brings them back). */
  lapseDay: number;
  /** Joins and does nothing until a stream reservation. */
  streamArrival: boolean;
}

export function simulateShop(opts: SimOptions): SimShop {
  const rand = prng(opts.seed);
  const chance = (p: number) => rand() < p;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo));
  const ownerRef = { id: 'wxid_sim_owner', name: '老赵', no: 1 };
  const truth: SimTruth = {
    owner: ownerRef.id, members: [], joins: [], seen: [], activity: [], signups: [], orders: [], reservations: [], reminders: [],
    streamTitles: {}, closedTitles: {}, closes: [], runs: [],
  };
  const out: Array<{ at: number; seq: number; entry: LogEntry }> = [];
  let seq = 0;
  const push = (entry: LogEntry) => out.push({ at: entry['at'] as number, seq: seq++, entry });
  const at = (day: number, minuteOfDay: number) => opts.start + day * DAY + minuteOfDay * MINUTE;

  const members: SimMember[] = [];
  for (let i = 0; i < opts.members; i++) {
    const roster = chance(0.35);
    const m: SimMember = {
      id: `wxid_sim${i}`, name: `邻居${i}`, no: i + 2,
      joinDay: roster ? -1 : between(0, opts.days),
      chat: [0.02, 0.08, 0.25, 0.5][between(0, 4)]!,
      buy: [0.0, 0.05, 0.15, 0.35][between(0, 4)]!,
      lapseDay: chance(0.3) ? between(5, opts.days) : opts.days + 1,
      streamArrival: false,
    };
    m.streamArrival = !roster && chance(0.25);
    members.push(m);
    truth.members.push(m.id);
  }
  const byId = new Map(members.map((m) => [m.id, m]));
  const ref = (m: SimMember) => ({ id: m.id, name: m.name, no: m.no });
  const seen = (m: SimMember | { id: string }, t: number) => truth.seen.push({ member: m.id, at: t });
  const act = (m: SimMember, t: number, kind: ActivityKind) => {
    truth.activity.push({ member: m.id, at: t, kind });
    seen(m, t);
  };
  /** Stream arrivals who joined and have not reserved yet. */
  const waiting = new Set<string>();
  const present = (m: SimMember, d: number) => m.joinDay <= d;

  // Day 0: the roster.
  for (const m of members) {
    if (m.joinDay !== -1) continue;
    const t = at(0, 1);
    push({ kind: 'roster', id: `roster:${group.id}:${m.id}:${t}`, at: t, group, member: ref(m) });
    seen(m, t);
  }

  let jielongNo = 0;
  let streamNo = 0;
  let lineIdSeq = 0;
  /** Open 接龙 by id: who signed up when, for the close. */
  interface Open { id: string; closeAt: number; stream?: number; title: string; offer: typeof SIM_PRODUCTS[number][]; signed: Map<string, { first: number; product: string; qty: number; cancelled: boolean }> }
  const opened: Open[] = [];
  let nextStream: { no: number; startAt: number; title: string; day: number } | undefined;

  const signup = (j: Open, m: SimMember, t: number) => {
    const p = j.offer[between(0, j.offer.length)]!;
    const qty = between(1, 4);
    const had = j.signed.get(m.id);
    const change = had && !had.cancelled ? 'edit' : 'signup';
    push({
      kind: 'jielong', change, id: `jl:${j.id}:${m.id}:${t}`, at: t, jielong: j.id, group, member: ref(m),
      items: [{ product: p.name, qty, amount: (p.fen * qty) / 100 }], amount: (p.fen * qty) / 100, ...(j.stream ? { stream: j.stream } : {}),
    });
    act(m, t, 'jielong');
    truth.signups.push({ member: m.id, jielong: j.id, at: t });
    j.signed.set(m.id, { first: had ? had.first : t, product: p.name, qty, cancelled: false });
  };

  const close = (j: Open) => {
    const lines: Array<Record<string, unknown>> = [];
    const byMember = new Map<string, TrueOrder>();
    const addLine = (m: SimMember | typeof ownerRef, product: string, qty: number, placedAt: number, priced = true) => {
      const p = SIM_PRODUCTS.find((x) => x.name === product)!;
      const lineId = ++lineIdSeq;
      const fen = priced ? p.fen * qty : null;
      lines.push({ lineId, member: { id: m.id, name: m.name, no: m.no }, name: m.name, amount: fen === null ? null : fen / 100, items: [{ product, qty, amount: fen === null ? null : fen / 100 }] });
      if (m.id === ownerRef.id) return lineId;
      let o = byMember.get(m.id);
      if (!o) byMember.set(m.id, (o = { member: m.id, jielong: j.id, placedAt, closedAt: j.closeAt, lines: [], ...(j.stream ? { stream: j.stream } : {}) }));
      o.lines.push({ lineId, fen, finalFen: fen ?? 0, gone: false, products: [product] });
      return lineId;
    };
    for (const [id, s] of j.signed) {
      if (s.cancelled) continue;
      const m = byId.get(id)!;
      addLine(m, s.product, s.qty, s.first, !chance(0.03));
      // A second line: something else as well.
      if (chance(0.12)) addLine(m, j.offer[between(0, j.offer.length)]!.name, 1, s.first);
    }
    // A line the owner typed in for someone who never signed up through the bot.
    if (chance(0.3)) {
      const m = members[between(0, members.length)]!;
      if (!j.signed.has(m.id) && present(m, Math.floor((j.closeAt - opts.start) / DAY))) addLine(m, j.offer[0]!.name, 1, j.closeAt);
    }
    // The owner's own order, and a line nobody can be matched to.
    if (chance(0.2)) addLine(ownerRef, j.offer[0]!.name, 1, j.closeAt);
    if (chance(0.2)) lines.push({ lineId: ++lineIdSeq, member: null, name: '不知道是谁', amount: 9.9, items: [{ product: j.offer[0]!.name, qty: 1, amount: 9.9 }] });
    push({ kind: 'jielong-closed', id: `jielong-closed:${j.id}`, at: j.closeAt, jielong: j.id, group, title: j.title, by: 'cutoff', ...(j.stream ? { stream: j.stream } : {}), orders: lines });
    if (j.stream) truth.closedTitles[j.stream] = j.title;
    truth.closes.push({ jielong: j.id, at: j.closeAt, ...(j.stream ? { stream: j.stream } : {}) });
    // After the cut-off: payments, cancels, refunds.
    for (const o of byMember.values()) {
      for (const line of o.lines) {
        const t = j.closeAt + between(1, 48) * HOUR;
        const base = { kind: 'order', at: t, jielong: j.id, lineId: line.lineId, no: `A${line.lineId}`, member: { id: o.member, name: o.member }, group };
        // An order holding a line without a price gets no change after the cut-off here: the
        // profiles feature's two definitions disagree on it (its reducer keeps one amount per
        // member and 接龙, the last line's, 0 when unpriced, and keeps it counted through a cancel,
        // since 0 stays 0; profilesFromScratch drops it on any change, even 已付), and the test
        // checks stages against profilesFromScratch. The metrics' own rule for such an order (gone
        // when cancelled or refunded, kept when paid) is tested by hand (edge.test.ts).
        if (o.lines.some((l) => l.fen === null)) break;
        const roll = rand();
        if (roll < 0.3) push({ ...base, id: `order:paid:${line.lineId}`, change: 'paid', by: { id: o.member, name: o.member }, fen: line.fen ?? 0 });
        else if (roll < 0.34) {
          push({ ...base, id: `order:cancel:${line.lineId}`, change: 'cancelled', by: ownerRef, fen: line.fen ?? 0, orderFen: line.fen ?? 0 });
          line.gone = true;
          line.finalFen = 0;
        } else if (roll < 0.38) {
          push({ ...base, id: `order:full:${line.lineId}`, change: 'refunded', by: ownerRef, fen: line.fen ?? 0, orderFen: line.fen ?? 0, full: true });
          line.gone = true;
          line.finalFen = 0;
        } else if (roll < 0.44 && line.fen !== null && line.fen > 600) {
          // One or two part refunds.
          const first = between(100, Math.floor(line.fen / 2));
          push({ ...base, id: `order:part1:${line.lineId}`, change: 'refunded', by: ownerRef, fen: first, orderFen: line.fen });
          line.finalFen = line.fen - first;
          if (chance(0.4)) {
            const second = between(50, line.finalFen - 100);
            push({ ...base, at: t + HOUR, id: `order:part2:${line.lineId}`, change: 'refunded', by: ownerRef, fen: second, orderFen: line.fen });
            line.finalFen -= second;
          }
        } else if (roll < 0.46 && line.fen !== null) {
          // Refunded to the last fen without saying "full".
          push({ ...base, id: `order:all:${line.lineId}`, change: 'refunded', by: ownerRef, fen: line.fen, orderFen: line.fen });
          line.gone = true;
          line.finalFen = 0;
        }
      }
      truth.orders.push(o);
      if (o.lines.some((l) => !l.gone)) seen({ id: o.member }, o.placedAt);
    }
  };

  const openJielong = (day: number, openMinute: number, hours: number, stream?: { no: number; title: string }): Open => {
    const id = `jl${++jielongNo}`;
    const offer = [0, 1, 2].map(() => SIM_PRODUCTS[between(0, SIM_PRODUCTS.length)]!);
    const openAt = at(day, openMinute);
    push({ kind: 'text', id: `open:${id}`, at: openAt, group, from: ownerRef, text: `/接龙 开 ${id}`, mentionsBot: false, mentions: [] });
    const j: Open = { id, closeAt: openAt + hours * HOUR, title: stream?.title ?? `团购${id}`, offer, signed: new Map(), ...(stream ? { stream: stream.no } : {}) };
    opened.push(j);
    return j;
  };

  const wall = (t: number) => new Date(t + 8 * HOUR);
  const lastDayOfMonth = (day: number) => {
    const d = new Date(at(day, 0) + 8 * HOUR);
    const next = new Date(at(day + 1, 0) + 8 * HOUR);
    return d.getUTCMonth() !== next.getUTCMonth();
  };

  let runNo = 0;
  for (let d = 0; d < opts.days; d++) {
    const weekday = new Date(at(d, 0) + 8 * HOUR).getUTCDay();
    // Joins (a few join a second time, in the other group).
    for (const m of members) {
      if (m.joinDay !== d) continue;
      const t = at(d, between(8 * 60, 22 * 60));
      const earlier = members.filter((x) => x.joinDay < d && x.id !== m.id);
      const r = rand();
      let inviter: { id: string; name: string; no?: number } | undefined;
      if (r < 0.4 && earlier.length) inviter = ref(earlier[between(0, earlier.length)]!);
      else if (r < 0.46) inviter = ownerRef;
      else if (r < 0.48) inviter = ref(m);
      push({ kind: 'join', id: `join:${m.id}:${t}`, at: t, group, member: ref(m), ...(inviter ? { inviter } : {}) });
      truth.joins.push({ member: m.id, at: t, ...(inviter ? { inviter: inviter.id } : {}) });
      seen(m, t);
      if (inviter) seen(inviter, t);
      if (m.streamArrival) waiting.add(m.id);
      if (chance(0.06) && d + 10 < opts.days) {
        const again = t + between(3, 10) * DAY;
        const by = chance(0.5) && earlier.length ? ref(earlier[between(0, earlier.length)]!) : undefined;
        push({ kind: 'join', id: `join2:${m.id}:${again}`, at: again, group: group2, member: ref(m), ...(by ? { inviter: by } : {}) });
        truth.joins.push({ member: m.id, at: again, ...(by ? { inviter: by.id } : {}) });
        seen(m, again);
        if (by) seen(by, again);
      }
    }
    // Joined before today, not lapsed, not a stream arrival still waiting to reserve.
    const active = members.filter((m) => m.joinDay < d && d < m.lapseDay && !waiting.has(m.id));

    // A stream every week: announced on day 1 of the week, live on day 5 at 20:00.
    if (d % 7 === 1) {
      const no = ++streamNo;
      const title = `直播专场${no}`;
      nextStream = { no, startAt: at(d + 4, 20 * 60), title, day: d + 4 };
      // The streams slice knows the odd ones' titles (as the owner last set them).
      if (no % 2 === 1) truth.streamTitles[no] = `${title}（直播间）`;
    }
    if (nextStream && d <= nextStream.day) {
      const s = nextStream;
      const reserve = (m: SimMember, t: number) => {
        if (truth.reservations.some((r) => r.stream === s.no && r.member === m.id)) return;
        push({ kind: 'stream', change: 'reserve', id: `stream-reserve:${s.no}:${m.id}`, stream: s.no, member: ref(m), group, at: t });
        truth.reservations.push({ stream: s.no, member: m.id, at: t });
        act(m, t, 'reserve');
      };
      for (const m of active) if (chance(0.04)) reserve(m, at(d, between(9 * 60, 19 * 60)));
      // Stream arrivals reserve first, within a few days of joining.
      for (const m of members) {
        if (!waiting.has(m.id) || m.joinDay >= d) continue;
        waiting.delete(m.id);
        reserve(m, at(d, between(9 * 60, 19 * 60)));
      }
      if (d === s.day) {
        // Reminders at 19:45 to most reservers (some reminders never logged: a member who blocked DMs).
        for (const r of truth.reservations.filter((x) => x.stream === s.no)) {
          if (r.at >= s.startAt - 15 * MINUTE || !chance(0.9)) continue;
          const t = s.startAt - 15 * MINUTE;
          push({ kind: 'stream', change: 'reminder', id: `stream-reminder:${s.no}:${r.member}`, stream: s.no, member: { id: r.member, name: r.member }, at: t });
          truth.reminders.push({ stream: s.no, member: r.member, at: t });
        }
        // Every other stream sells through a 接龙 opened at its end (22:30), cut off the next noon.
        if (s.no % 3 !== 0) {
          const j = openJielong(d, 22 * 60 + 30, 13.5, { no: s.no, title: s.title });
          for (const r of truth.reservations.filter((x) => x.stream === s.no)) {
            const m = byId.get(r.member)!;
            if (chance(0.5)) signup(j, m, j.closeAt - between(1, 12 * 60) * MINUTE);
          }
          for (const m of active) if (chance(0.03)) signup(j, m, j.closeAt - between(1, 12 * 60) * MINUTE);
        }
        nextStream = undefined;
      }
    }
    // Still waiting with no stream to reserve: they start like anyone else after a week.
    for (const id of [...waiting]) {
      const m = byId.get(id)!;
      if (d - m.joinDay > 7) waiting.delete(id);
    }

    for (const m of active) {
      if (chance(m.chat)) {
        const t = at(d, between(7 * 60, 22 * 60));
        push({ kind: 'text', id: `t:${m.id}:${t}`, at: t, group, from: ref(m), text: '今天的菜很新鲜', mentionsBot: false, mentions: [] });
        act(m, t, 'text');
      }
      if (chance(m.chat / 2)) {
        const t = at(d, between(6 * 60, 9 * 60));
        push({ kind: 'points', id: `points:checkin:${m.id}:${d}`, at: t, member: ref(m), amount: 1, balance: 1, movement: 'checkin', reason: '签到', key: `checkin:${m.id}:${d}`, source: 'checkin', group });
        act(m, t, 'checkin');
      }
      if (chance(m.chat / 3)) {
        // Points that are not activity: a purchase's.
        const t = at(d, between(6 * 60, 23 * 60));
        push({ kind: 'points', id: `points:buy:${m.id}:${d}`, at: t, member: ref(m), amount: 5, balance: 6, movement: 'purchase', reason: '下单', key: `buy:${m.id}:${d}`, source: 'jielong' });
      }
      if (chance(0.01)) {
        const t = at(d, between(7 * 60, 22 * 60));
        push({ kind: 'question', id: `q:${m.id}:${t}`, at: t, member: ref(m), productIds: [], categories: [] });
        act(m, t, 'question');
      }
      if (chance(0.01)) {
        const t = at(d, between(7 * 60, 22 * 60));
        push({ kind: 'share', id: `s:${m.id}:${t}`, at: t, group, from: ref(m), card: { type: 'link', title: '好东西' } });
        act(m, t, 'share');
      }
      if (chance(0.005)) {
        const t = at(d, between(7 * 60, 22 * 60));
        push({ kind: 'app', id: `a:${m.id}:${t}`, at: t, group, from: ref(m), text: '[小程序]' });
        act(m, t, 'app');
      }
    }

    // 接龙: Monday, Wednesday and Friday 08:00–20:00; on a month's last day one from 22:00 to 10:00.
    const todays: Open[] = [];
    if (weekday === 1 || weekday === 3 || weekday === 5) todays.push(openJielong(d, 8 * 60, 12));
    if (lastDayOfMonth(d)) todays.push(openJielong(d, 22 * 60, 12));
    for (const j of todays) {
      for (const m of active) {
        if (!chance(m.buy)) continue;
        const openAt = j.closeAt - 12 * HOUR;
        // Half the month-end 接龙's sign-ups come before midnight: ordered in one month, closed in the next.
        const t = openAt + (j.closeAt - openAt === 12 * HOUR && wall(openAt).getUTCHours() === 22 && chance(0.5) ? between(1, 115) : between(1, 11 * 60)) * MINUTE;
        signup(j, m, t);
        const r = rand();
        if (r < 0.08) signup(j, m, t + between(1, 50) * MINUTE);
        else if (r < 0.13) {
          const c = t + between(1, 50) * MINUTE;
          push({ kind: 'jielong', change: 'cancel', id: `jl-cancel:${j.id}:${m.id}`, at: c, jielong: j.id, group, member: ref(m) });
          act(m, c, 'jielong');
          j.signed.get(m.id)!.cancelled = true;
          // Some change their mind again.
          if (chance(0.3)) signup(j, m, c + between(1, 9) * MINUTE);
        }
      }
    }

    // A weekly recall run on Tuesdays at 10:00 from the third week: the quiet members, some held back.
    if (weekday === 2 && d >= 14) {
      const runAt = at(d, 10 * 60);
      const lastActive = new Map<string, number>();
      for (const a of truth.activity) if (a.at < runAt) lastActive.set(a.member, Math.max(lastActive.get(a.member) ?? 0, a.at));
      const quiet = members.filter((m) => present(m, d) && runAt - (lastActive.get(m.id) ?? 0) > 14 * DAY);
      const contacted: string[] = [];
      const control: string[] = [];
      for (const m of quiet) (chance(0.3) ? control : contacted).push(m.id);
      const id = `run${++runNo}`;
      truth.runs.push({ id, at: runAt, windowDays: 7, contacted, control });
      // What they do after: the contacted come back more often. The window is (at, at + 7 d].
      const after = (m: SimMember, back: number, buy: number, edge: boolean) => {
        if (edge) {
          // Exactly at the window's end (counts) or exactly at the run (does not).
          const t = chance(0.5) ? runAt + 7 * DAY : runAt;
          push({ kind: 'text', id: `edge:${id}:${m.id}`, at: t, group, from: ref(m), text: '在的', mentionsBot: false, mentions: [] });
          act(m, t, 'text');
          return;
        }
        if (chance(back)) {
          const t = runAt + between(1, 9 * 24 * 60) * MINUTE;
          push({ kind: 'text', id: `back:${id}:${m.id}`, at: t, group, from: ref(m), text: '回来看看', mentionsBot: false, mentions: [] });
          act(m, t, 'text');
        }
        if (chance(buy)) {
          const j = opened.find((x) => x.closeAt > runAt + HOUR && x.closeAt - 12 * HOUR <= runAt + 9 * DAY);
          if (j) signup(j, m, Math.max(runAt + MINUTE, j.closeAt - between(1, 11 * 60) * MINUTE));
        }
      };
      contacted.forEach((mid, i) => after(byId.get(mid)!, 0.35, 0.2, i < 2));
      control.forEach((mid, i) => after(byId.get(mid)!, 0.12, 0.05, i < 1));
    }

    // Close what was cut off today (a 接龙 past the simulation's end never closes).
    const dayEnd = at(d + 1, 0);
    for (let i = 0; i < opened.length; ) {
      const j = opened[i]!;
      if (j.closeAt < dayEnd) {
        opened.splice(i, 1);
        close(j);
      } else {
        i++;
      }
    }
  }
  // 接龙 still open when the simulation ends never close: their sign-ups are not orders.

  out.sort((a, b) => a.at - b.at || a.seq - b.seq);
  truth.joins.sort((a, b) => a.at - b.at);
  return { entries: out.map((o) => o.entry), truth };
}
