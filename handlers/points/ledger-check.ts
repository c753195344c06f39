import { join, dirname } from 'node:path';
import { isLedgerEntry, sealHolds, type LedgerCheckpoint } from './ledger.ts';
import type { LedgerEntry, MovementKind } from './state.ts';
import { DataFileError } from '../../store/errors.ts';
import { closedSegmentProblem, type CheckedJournal, type ClosedSegment, type Segments } from '../../store/journal.ts';
import type { State } from '../../store/schema.ts';

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
  koc: 10_000, // KOC_POINTS_REFERRAL, KOC_POINTS_FIRST_ORDER, a 体验官's share of an order (capped: handlers/points/koc.ts)
  showcase: 10_000, // SHOWCASE_POINTS
  adjust: 100_000, // /积分 调整, either way (MAX_ADJUST in handlers/points/rules.ts)
  redeem: 1_000_000, // a reward's cost, spent (MAX_COST in handlers/points/rewards.ts)
  perYuan: 100, // POINTS_PER_YUAN: a purchase earns at most this per yuan of its order
} as const;

const WORDS: Record<MovementKind, string> = {
  checkin: '签到', streak: '连续签到奖励', share: '分享', invite: '邀请', referral: '新人首单奖励',
  purchase: '接龙购买', adjust: '团长调整', redeem: '兑换', koc: '体验官奖励', showcase: '晒单精选',
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
  // A refund or a cancel after the cut-off takes a purchase's points back (handlers/points/refunds.ts).
  const takenBack = e.kind === 'purchase' && e.key.startsWith('purchase-back:');
  if (e.amount < 0 && !takenBack) return `${word}只会加分，读到 ${e.amount}`;
  if (e.kind !== 'purchase') {
    const most = LEDGER_LIMITS[e.kind];
    return e.amount <= most ? undefined : `${word}一次最多 ${most} 分，读到 ${e.amount}`;
  }
  const yuan = ORDER_YUAN.exec(e.reason)?.[1];
  if (yuan === undefined) return `${word}的原因里没有订单金额（应形如 接龙「…」¥39.8），读到“${e.reason}”`;
  // The same rounding as purchasePoints, at the largest rate any configuration allows.
  const most = Math.floor(Math.round(Number(yuan) * LEDGER_LIMITS.perYuan * 1e6) / 1e6);
  return Math.abs(e.amount) <= most ? undefined : `${word}最多每元 ${LEDGER_LIMITS.perYuan} 分：订单 ¥${yuan} 最多 ${most} 分，读到 ${e.amount}`;
}

/** Checks each entry in file order, keeping every member's running balance, which never goes below zero. */
function ledgerLineCheck(balances: Map<string, number>): (entry: LedgerEntry) => string | undefined {
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
function holdsPoints(state: Readonly<Record<string, unknown>>): boolean {
  const points = state.points as Partial<State['points']> | undefined;
  return Object.values(points?.balances ?? {}).some((b) => b !== 0) || (points?.redemptions?.length ?? 0) > 0;
}

// ---------------------------------------------------------------------------------------
// Segments. When points.jsonl is full (handlers/points/ledger.ts, SEGMENT_ENTRIES) it is closed
// into points-archive/points-0001.jsonl … and starts again with a checkpoint line: every
// member's balance and entry count so far, which closed segments there are (lines, bytes,
// sha256), and what the ledger keeps in memory of them (the keys a post may still meet, the
// newest entries). Start-up checks the live segment line by line from the checkpoint's
// balances, and each closed segment by its size and sha256: a missing, cut or changed archive
// stops it, as a missing or cut points.jsonl does. The checkpoint's format is the ledger's
// (handlers/points/ledger.ts, LedgerCheckpoint).

/** A line that claims to be a checkpoint (it is then checked whole, never skipped as torn). */
function isCheckpointLine(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'checkpoint' in v;
}

const isInt = (n: unknown, min = 0): n is number => Number.isSafeInteger(n) && (n as number) >= min;
const isTime = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

function isClosedSegment(v: unknown): v is ClosedSegment {
  const s = v as Partial<ClosedSegment> | null;
  return typeof s === 'object' && s !== null && typeof s.file === 'string' && /^points-archive\/points-\d{4,}\.jsonl$/.test(s.file)
    && isInt(s.lines) && isInt(s.bytes) && typeof s.sha256 === 'string' && /^[0-9a-f]{64}$/.test(s.sha256);
}

/** What is wrong with a checkpoint (`line` as read), or undefined. */
export function checkpointProblem(v: unknown, line: string): string | undefined {
  const cp = v as Partial<LedgerCheckpoint>;
  if (cp.checkpoint !== 1) return `不认识的检查点版本 ${JSON.stringify(cp.checkpoint)}`;
  if (typeof cp.seal !== 'string') return '缺少校验和（seal）';
  if (!sealHolds(line)) return '校验和不符：检查点被改动过或损坏了';
  if (!isTime(cp.at) || !isTime(cp.keyFloor)) return '缺少时间（at、keyFloor）';
  if (!Array.isArray(cp.archives) || cp.archives.length === 0 || !cp.archives.every(isClosedSegment)) return '归档列表（archives）不完整';
  if (!isInt(cp.entries)) return '缺少条数（entries）';
  if (typeof cp.members !== 'object' || cp.members === null) return '缺少每人的余额（members）';
  let count = 0;
  for (const [member, pair] of Object.entries(cp.members)) {
    if (!Array.isArray(pair) || !isInt(pair[0]) || !isInt(pair[1], 1)) return `${member} 的余额或条数不对：${JSON.stringify(pair)}`;
    count += pair[1];
  }
  if (count !== cp.entries) return `每人的条数加起来是 ${count}，检查点记着 ${cp.entries}`;
  if (!Array.isArray(cp.keys) || !cp.keys.every((k) => Array.isArray(k) && typeof k[0] === 'string' && isTime(k[1]))) return '键（keys）不完整';
  if (!Array.isArray(cp.lasting) || !cp.lasting.every((k) => typeof k === 'string')) return '键（lasting）不完整';
  if (!Array.isArray(cp.recent) || !cp.recent.every(isLedgerEntry)) return '最近的记录（recent）不完整';
  if (typeof cp.last !== 'object' || cp.last === null || !Object.values(cp.last).every((l) => Array.isArray(l) && l.every(isLedgerEntry))) {
    return '每人最近的记录（last）不完整';
  }
  return undefined;
}

const LINE_TODO = '这一行不是 Linli 按积分规则写下的（手改或损坏）。文件未做任何改动；请从备份恢复 points.jsonl，或核对后删掉这一行，再启动。';
const CHECKPOINT_TODO = '第一行是 Linli 归档旧记录时写下的检查点（之前所有人的余额），不能手改。文件未做任何改动；请从备份恢复 points.jsonl 再启动。';

function archiveTodo(rel: string): string {
  return `积分以 points.jsonl 和 points-archive/ 里的归档为准，归档写下后不再改动，少了或改了余额就会算错。文件未做任何改动；请从备份放回原样的 ${rel} 再启动。`;
}

/** The checkpoint's checks: its own shape and seal, then every closed segment it names; seeds the running balances. */
function ledgerSegments(balances: Map<string, number>): Segments {
  return {
    isCheckpoint: isCheckpointLine,
    begin(v, file, line) {
      const problem = checkpointProblem(v, line);
      if (problem) throw new DataFileError(file, `第 1 行（检查点）：${problem}`, CHECKPOINT_TODO);
      const cp = v as LedgerCheckpoint;
      for (const ref of cp.archives) {
        const archive = join(dirname(file), ref.file);
        const wrong = closedSegmentProblem(archive, ref);
        if (wrong) throw new DataFileError(archive, wrong, archiveTodo(ref.file));
      }
      for (const [member, [balance]] of Object.entries(cp.members)) balances.set(member, balance);
      return cp.entries;
    },
  };
}

/** points.jsonl as the store opens it: before anything else runs, every line checked. */
export const pointsJournal: CheckedJournal<LedgerEntry> = {
  name: 'points',
  accept: isLedgerEntry,
  rules: () => {
    const balances = new Map<string, number>();
    return { check: ledgerLineCheck(balances), todo: LINE_TODO, segments: ledgerSegments(balances) };
  },
  holdsEntries: holdsPoints,
  todoWhenShort: '积分以这个文件为准，少了行余额就会算少。文件未做任何改动；请从备份放回完整的 points.jsonl 再启动。'
    + '没有备份、又确定要把积分清零时，删掉 state.json 里的 "points" 一项和 "journals" 里的 "points" 再启动。',
};
