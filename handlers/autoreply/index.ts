// The owner's quick answers to shop-wide questions (/自动回复), given only when asked; and what
// the console counts them with.
export { autoreplyFeature } from './feature.ts';
export { answersPerRule, type AutoreplyEntry, type CountPeriod, type RuleAnswers } from './entries.ts';
export { rulesOf, type AutoReplyRule, type AutoReplyState } from './state.ts';
