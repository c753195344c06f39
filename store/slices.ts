import type { z } from 'zod';
import type { CheckedJournal } from './journal.ts';

// A feature's part of state.json is a slice it declares itself (grammY's per-key session
// `initial`, Koishi's `model.extend`): its key, its empty value, its shape, its own version and
// migrations, and any journal the store must check before the feature reads it. The store
// knows no feature: it composes whatever slices were declared. A feature declares its slice in
// its state module, beside `declare module '…/store/schema.ts' { interface Slices { key: T } }`
// for the type, so importing the feature is what makes its slice known.

export interface SliceSpec<T = unknown> {
  /** The key in state.json (`store.data[key]`). */
  key: string;
  /** The slice of a new shop. */
  initial(): T;
  /** The version of the slice's shape this code writes. Files from before per-slice versions count as 1. */
  version: number;
  /**
   * From version N (the key) to N + 1. `state` is the whole file as read, for a step that moves
   * data into the shared collections (members); the result is the slice.
   */
  migrations?: Record<number, (slice: unknown, state: Record<string, unknown>) => unknown>;
  /** Checked when the file is read: a slice of the wrong shape stops start-up naming the field. */
  shape?: z.ZodType;
  /** Fills parts a newer version added to a slice written by an older one. */
  complete?(slice: T): T;
  /** Append-only journals holding this slice's truth, checked line by line as the store opens. */
  journals?: ReadonlyArray<CheckedJournal<unknown>>;
}

const declared = new Map<string, SliceSpec>();

/** Declares a slice (once per key; declaring the same key again replaces it, as a reload would). */
export function defineSlice<T>(spec: SliceSpec<T>): SliceSpec<T> {
  declared.set(spec.key, spec as SliceSpec);
  return spec;
}

/** Every slice declared so far, in the order declared. */
export function declaredSlices(): SliceSpec[] {
  return [...declared.values()];
}
