// Live streams (/直播): the feature, and what other features may use of it.
export { streamsFeature } from './feature.ts';
export { nextStream, type Stream } from './state.ts';
export { nextStreamAnswer } from './texts.ts';
