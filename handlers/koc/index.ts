// The 体验官 / KOC programme (/体验官): invite codes, referrals and orders credited, the monthly 晒单 highlight.
export { kocFeature } from './feature.ts';
