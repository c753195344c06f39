// Polls for new products (/投票): numbered options, one vote each, results and a cut-off.
export { pollsFeature } from './feature.ts';
