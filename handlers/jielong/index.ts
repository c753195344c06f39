// 接龙: the feature, and what other features may use of it (nothing else of this folder).
export { jielongFeature } from './feature.ts';
export type { JielongOffer, JielongRecord } from './state.ts';
export { findRecord } from './archive.ts';
export { scheduleCutoff } from './close.ts';
export type { OrderMarks, OrderMarksOf } from './export.ts';
export { takenOf } from './limits.ts';
export { openRecords } from './live-index.ts';
export { shortNames } from './offer-names.ts';
export { parseOpenArgs } from './open-args.ts';
export { ordersOf, type Order } from './orders.ts';
export { createRecord, openIn, siblingsOf } from './records.ts';
export { announcement, summaryText } from './texts.ts';
export { boughtOf, type JielongClosed, type JielongSignup, type LoggedItem, type ProductNames } from './entries.ts';
export { buildPickList, writePickList, type PickList } from './export.ts';
export { archivedCandidates } from './archive.ts';
export { itemsText } from './orders.ts';
export { isJielong, splitQuotedReply } from './parse.ts';
