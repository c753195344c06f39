import { isLedgerEntry } from '../handlers/points/ledger.ts';
import type { LedgerEntry, MovementKind } from '../handlers/points/state.ts';
import type { CheckedJournal } from './journal.ts';
import type { State } from './schema.ts';

// points.jsonl is the truth every balance is summed from (handlers/points/book.ts replays it
// at start-up and sets the balances to its sums). A line the points rules could never have
// posted (a forged +1,000,000, a negative check-in, a spend below zero) would become real
// points, so it stops start-up instead. The bounds are the most any configuration allows, not
// today's settings: lines posted under last month's POINTS_CHECKIN stay valid after a change.

/** Points per entry, at most, by kind (the limits in bot/config.ts and handlers/points). */
export const LEDGER_LIMITS = {
  checkin: 10_000, // POINTS_CHECKIN
  streak: 99_999, // POINTS_STREAK_BONUS: points written with at most five digits
  share: 10_000, // POINTS_SHARE
  invite: 10_000, // POINTS_INVITE
  referral: 10_000, // POINTS_INVITE_FIRST_ORDER
  adjust: 100_000, // /积分 调整, either way (MAX_ADJUST in handlers/points/rules.ts)
  redeem: 1_000_000, // a reward's cost, spent (MAX_COST in handlers/points/rewards.ts)
  perYuan: 100, // POINTS_PER_YUAN: a purchase earns at most this per yuan of its order
} as const;

const WORDS: Record<MovementKind, string> = {
  checkin: '签到', streak: '连续签到奖励', share: '分享', invite: '邀请', referral: '新人首单奖励',
  purchase: '接龙购买', adjust: '团长调整', redeem: '兑换',
};

/** The order amount a purchase names in its reason: 接龙「周六团购」¥39.8 (handlers/points/purchases.ts). */
const ORDER_YUAN = /¥(\d+(?:\.\d+)?)$/;

function amountProblem(e: LedgerEntry): string | undefined {
  const word = WORDS[e.kind];
  if (e.kind === 'adjust') {
    return Math.abs(e.amount) <= LEDGER_LIMITS.adjust ? undefined : `${word}一次最多 ±${LEDGER_LIMITS.adjust} 分，读到 ${e.amount}`;
  }
  if (e.kind === 'redeem') {
    return e.amount < 0 && -e.amount <= LEDGER_LIMITS.redeem ? undefined : `${word}应扣 1 到 ${LEDGER_LIMITS.redeem} 分，读到 ${e.amount}`;
  }
  if (e.amount < 0) return `${word}只会加分，读到 ${e.amount}`;
  if (e.kind !== 'purchase') {
    const most = LEDGER_LIMITS[e.kind];
    return e.amount <= most ? undefined : `${word}一次最多 ${most} 分，读到 ${e.amount}`;
  }
  const yuan = ORDER_YUAN.exec(e.reason)?.[1];
  if (yuan === undefined) return `${word}的原因里没有订单金额（应形如 接龙「…」¥39.8），读到“${e.reason}”`;
  // The same rounding as purchasePoints, at the largest rate any configuration allows.
  const most = Math.floor(Math.round(Number(yuan) * LEDGER_LIMITS.perYuan * 1e6) / 1e6);
  return e.amount <= most ? undefined : `${word}最多每元 ${LEDGER_LIMITS.perYuan} 分：订单 ¥${yuan} 最多 ${most} 分，读到 ${e.amount}`;
}

/** Checks each entry in file order, keeping every member's running balance, which never goes below zero. */
function ledgerLineCheck(): (entry: LedgerEntry) => string | undefined {
  const balances = new Map<string, number>();
  return (e) => {
    const problem = amountProblem(e);
    if (problem) return `不符合积分规则：${problem}`;
    const after = (balances.get(e.member) ?? 0) + e.amount;
    if (after < 0) return `${e.member} 的积分在这一行（${WORDS[e.kind]} ${e.amount}）变成 ${after}，余额不能为负`;
    balances.set(e.member, after);
    return undefined;
  };
}

/** True when state.json holds points, which only the ledger's lines can account for. */
function holdsPoints(state: State): boolean {
  const points = state.points as Partial<State['points']> | undefined;
  return Object.values(points?.balances ?? {}).some((b) => b !== 0) || (points?.redemptions?.length ?? 0) > 0;
}

/** points.jsonl as the store opens it: before anything else runs, every line checked. */
export const pointsJournal: CheckedJournal<LedgerEntry> = {
  name: 'points',
  accept: isLedgerEntry,
  rules: () => ({
    check: ledgerLineCheck(),
    todo: '这一行不是 Linli 按积分规则写下的（手改或损坏）。文件未做任何改动；请从备份恢复 points.jsonl，或核对后删掉这一行，再启动。',
  }),
  holdsEntries: holdsPoints,
  todoWhenShort: '积分以这个文件为准，少了行余额就会算少。文件未做任何改动；请从备份放回完整的 points.jsonl 再启动。'
    + '没有备份、又确定要把积分清零时，删掉 state.json 里的 "points" 一项和 "journals" 里的 "points" 再启动。',
};
