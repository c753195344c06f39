import type { OrderEntry } from '../fulfilment/index.ts';
import type { PointsBook } from './book.ts';
import { purchasePoints, type PointsRules } from './rules.ts';

// After the cut-off an order may be cancelled or refunded (handlers/fulfilment): the points it
// earned at the close are taken back — all of them when nothing of the order is left, else
// those of the amount refunded — and an after-sales case answered with points gives them.

export function onOrderChange(entry: OrderEntry, book: PointsBook, rules: PointsRules): void {
  const member = entry.member?.id;
  if (!member) return;
  const where = { ...(entry.group ? { group: entry.group } : {}), ...(entry.member?.name ? { name: entry.member.name } : {}) };
  const source = entry.id ?? `order:${entry.no}:${entry.at}`;
  if (entry.change === 'case-answered' && entry.outcome === 'points' && entry.points) {
    book.post({ key: `after-sales:${entry.case}`, member, amount: entry.points, kind: 'adjust', reason: `售后补偿（取货号${entry.no}）`, source, at: entry.at, ...(entry.by ? { by: entry.by.id } : {}) }, where);
    return;
  }
  if (entry.change !== 'refunded' && entry.change !== 'cancelled') return;
  const earned = `purchase:${entry.jielong}:${entry.lineId}`;
  const back = `purchase-back:${entry.jielong}:${entry.lineId}:`;
  let posted = 0;
  let takenBack = 0;
  for (const e of book.ledger.entriesOf(member)) {
    if (e.key === earned) posted += e.amount;
    else if (e.key.startsWith(back)) takenBack -= e.amount;
  }
  const left = posted - takenBack;
  if (left <= 0) return;
  const whole = entry.change === 'cancelled' || entry.full === true;
  // What the points are taken back against: the whole order, or the part refunded. The ledger's
  // check allows no more than the purchase rule gives for that amount (ledger-check.ts).
  const yuan = (whole ? entry.orderFen ?? entry.fen ?? 0 : entry.fen ?? 0) / 100;
  const amount = Math.min(left, purchasePoints(yuan, rules.perYuan), book.balance(member));
  if (amount <= 0) return;
  book.post({
    key: `${back}${source}`, member, amount: -amount, kind: 'purchase', at: entry.at, source,
    reason: `${entry.change === 'cancelled' ? '订单取消' : '退款'}（取货号${entry.no}）¥${yuan}`,
  }, where);
}
