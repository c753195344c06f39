// Product questions: the feature, and what other features may use of it.
export { qaFeature } from './feature.ts';
export type { QaState, QuestionRecord } from './state.ts';
export { checkAnswer } from './check.ts';
export type { ModelFacts } from './facts.ts';
export { NameMatcher } from './names.ts';
export { terms, words, STOPWORDS } from './segment.ts';
export { hasQuestionForm } from './detect.ts';
export { intentsOf } from './intents.ts';
export { Bm25 } from './bm25.ts';
export { indexCache } from './retrieval.ts';
