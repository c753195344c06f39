import type { LogKinds } from '../../store/log-kinds.ts';
import type { PointsBook } from './book.ts';
import { LEDGER_LIMITS } from './ledger-check.ts';
import { purchasePoints, type PointsRules } from './rules.ts';

// The 体验官 programme (handlers/koc) records who brought whom, their orders and the month's best
// 晒单 as `koc` entries; points posts what each says under the entry's own key, so a replayed or
// repeated entry pays nothing more. A 体验官's share of an order is a percent of the points the
// order earns its buyer (the purchase rule, purchasePoints), rounded down.

type KocEntry = LogKinds['koc'];

export function onKoc(entry: KocEntry, book: PointsBook, rules: PointsRules): void {
  if (!entry.key) return;
  const kind = entry.change === 'showcase' ? 'showcase' : 'koc';
  const share = entry.change === 'order' ? Math.floor(purchasePoints(entry.amount ?? null, rules.perYuan) * (entry.share ?? 0) / 100) : 0;
  const amount = Math.min(entry.change === 'order' ? share : entry.points ?? 0, LEDGER_LIMITS[kind]);
  if (amount <= 0) return;
  book.post({
    key: entry.key, member: entry.member.id, amount, kind, source: entry.id, at: entry.at,
    reason: entry.reason ?? (kind === 'showcase' ? '晒单精选' : '体验官奖励'),
  }, { ...(entry.group ? { group: entry.group } : {}), ...(entry.member.name ? { name: entry.member.name } : {}) });
}
