// The owner's quick answers to shop-wide questions (/自动回复), given only when asked.
export { autoreplyFeature } from './feature.ts';
