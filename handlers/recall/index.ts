// Recall and follow-up DMs: the feature.
export { recallFeature } from './feature.ts';
