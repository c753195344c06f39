// The catalog commands (/商品): the feature, and what other features may use of it.
export { catalogFeature } from './feature.ts';
export { addFaq } from './edit.ts';
