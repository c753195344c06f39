// The 体验官 / KOC programme (/体验官): invite codes, referrals and orders credited, the monthly 晒单 highlight.
export { kocFeature } from './feature.ts';
export type { KocEntry, KocChange } from './entries.ts';
export type { KocState } from './state.ts';
// For the console: each 体验官's figures of a calendar month (newcomers, buyers, amount in fen).
export { kocFigures, kocMonthly, type KocFigure } from './figures.ts';
// For points (bot/app.ts passes it): a 体验官's invites are paid by the programme, not twice.
export { invitesOfKoc } from './programme.ts';
export { kocCardLines } from './card.ts';
