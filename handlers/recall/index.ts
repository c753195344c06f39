// Recall and follow-up DMs: the feature.
export { recallFeature } from './feature.ts';
// For the shop's metrics (handlers/console/metrics): every run, state.json's and the archive's.
export { allRuns } from './archive.ts';
export { isMeasured, WINDOW_DAYS } from './run.ts';
export type { RecallRun, RecallTarget } from './types.ts';
