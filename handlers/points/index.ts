// Points: the feature, and what other features may use of it.
export { pointsFeature } from './handler.ts';
export { resolveMember } from './commands.ts';
