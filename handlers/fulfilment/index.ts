// Fulfilment (payment, arrival, pick-up, after-sales): the feature, and what other features may use of it.
export { fulfilmentFeature, type FulfilmentApi, type FulfilmentOptions } from './feature.ts';
export type { OrderEntry, OrderEntryChange } from './entries.ts';
export { reconcile, type Reconciliation } from './payment.ts';
export type { FulfilmentOrder } from './state.ts';
