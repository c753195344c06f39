// Polls for new products (/投票): the feature, and what other features may use of it.
export { pollsFeature } from './feature.ts';
export type { VoteEntry } from './entries.ts';
export { pollParticipation, type PollParticipation, type PollPeriod, type ParticipationOptions } from './participation.ts';
export { pollCardLines } from './card.ts';
