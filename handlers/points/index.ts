// Points: the feature, and what other features may use of it.
export { pointsFeature } from './handler.ts';
export { resolveMember } from './commands.ts';
export type { ShaidanEntry } from './entries.ts';
export type { PointsOptions } from './handler.ts';
