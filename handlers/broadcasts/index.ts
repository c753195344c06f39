// Scheduled posts (/定时): the feature, and what other features may use of it.
export { broadcastsFeature } from './feature.ts';
export { readGroups } from './args.ts';
export type { Placeholders } from './placeholders.ts';
