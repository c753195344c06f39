import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profilesFromScratch } from './from-scratch.ts';
import { applyEntry, type CatalogLookup } from './reduce.ts';
import { emptyProfiles, type ProfilesState } from './types.ts';

// The incremental reducer, fed a log one entry at a time, must agree after every entry with
// the profiles recomputed from the whole log so far — whatever the order of events, renames,
// re-joins, cancels, closes and malformed entries.

const catalog: CatalogLookup = {
  categoryOf: (id) => ({ p1: '粮油', p2: '蛋禽', p3: '粮油' } as Record<string, string>)[id],
  nameOf: (id) => ({ p1: '亚麻籽油', p2: '土鸡蛋' } as Record<string, string>)[id],
};

const MEMBER_NO: Record<string, number> = { w: 1, l: 2, z: 3 };

// Mostly well-formed, with some of every malformed shape the log could hold.
const arbPerson = fc.oneof(
  { arbitrary: fc.record({ id: fc.constantFrom('w', 'l', 'z'), name: fc.constantFrom('王阿姨', '王姐', '小李', '') }), weight: 6 },
  { arbitrary: fc.record({ id: fc.constantFrom('w', 'l', 'z') }), weight: 2 },
  // As the live log names members: with the number the member registry gave them (the
  // reducer finds the profile by it), mixed with entries from before numbers existed.
  { arbitrary: fc.record({ id: fc.constantFrom('w', 'l', 'z'), name: fc.constantFrom('王阿姨', '小李') }).map((p) => ({ ...p, no: MEMBER_NO[p.id] })), weight: 6 },
  { arbitrary: fc.constantFrom(null, { id: '' }, { name: '无名' }), weight: 1 },
);
const arbAt = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 1_000 }), weight: 9 }, { arbitrary: fc.constantFrom(undefined, Number.NaN, '5'), weight: 1 });
const arbGroup = fc.constantFrom({ id: 'g1', name: '幸福里1群' }, { id: 'g2', name: '幸福里2群' }, undefined, { id: 7 });
const arbJielong = fc.constantFrom('j1', 'j2', 'j3', 'j1', 'j2', 'j3', '', undefined);
const arbItems = fc.array(fc.oneof(
  fc.record({ product: fc.constantFrom('亚麻籽油', '大米'), productId: fc.constantFrom('p1', 'p2', 'p3', 'p9', undefined), qty: fc.constant(1) }),
  fc.constantFrom(null, 3),
), { maxLength: 3 });
const arbIds = fc.array(fc.constantFrom('p1', 'p2', '', 5), { maxLength: 3 });

const arbEntry: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ kind: fc.constantFrom('text', 'share', 'app'), at: arbAt, from: arbPerson, group: arbGroup }),
  fc.record({ kind: fc.constant('join'), at: arbAt, member: arbPerson, group: arbGroup, inviter: fc.option(arbPerson, { nil: undefined, freq: 3 }) }),
  fc.record({ kind: fc.constant('leave'), at: arbAt, member: arbPerson, group: arbGroup }),
  fc.record({ kind: fc.constant('roster'), at: arbAt, member: arbPerson, group: arbGroup }),
  fc.record({
    kind: fc.constant('jielong'), at: arbAt, member: arbPerson, jielong: arbJielong, change: fc.constantFrom('signup', 'edit', 'cancel', 'other'),
    amount: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constant(undefined)), items: arbItems,
  }),
  fc.record({
    kind: fc.constant('jielong-closed'), at: arbAt, jielong: arbJielong,
    orders: fc.array(fc.oneof(fc.record({ member: arbPerson, amount: fc.integer({ min: 0, max: 300 }), items: arbItems }), fc.constantFrom(null, {})), { maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('points'), at: arbAt, member: arbPerson, movement: fc.constantFrom('checkin', 'adjust') }),
  fc.record({ kind: fc.constant('question'), at: arbAt, member: arbPerson, productIds: arbIds, categories: fc.array(fc.constantFrom('粮油', '蛋禽'), { maxLength: 2 }) }),
  fc.record({ kind: fc.constant('stream'), at: arbAt, member: arbPerson, change: fc.constantFrom('reserve', 'cancel') }),
  fc.record({ kind: fc.constantFrom('catalog', 'unknown'), at: arbAt }),
);

describe('incremental profiles = profiles from scratch', () => {
  it('agree after every entry of a random log', () => {
    fc.assert(fc.property(fc.array(arbEntry, { maxLength: 50 }), (log) => {
      const state = emptyProfiles();
      log.forEach((entry, i) => {
        applyEntry(state, entry, catalog);
        expect(JSON.parse(JSON.stringify(state))).toEqual(JSON.parse(JSON.stringify(profilesFromScratch(log.slice(0, i + 1), catalog))));
      });
    }), { numRuns: 300 });
  });

  it('agree when the state is saved and loaded (state.json) part-way through the log', () => {
    fc.assert(fc.property(fc.array(arbEntry, { maxLength: 40 }), fc.nat(), (log, cut) => {
      const k = log.length ? cut % (log.length + 1) : 0;
      const before = emptyProfiles();
      for (const entry of log.slice(0, k)) applyEntry(before, entry, catalog);
      // Loaded from disk the profiles are plain objects; the reducer moves them into columns.
      const loaded = JSON.parse(JSON.stringify(before)) as ProfilesState;
      for (const entry of log.slice(k)) applyEntry(loaded, entry, catalog);
      expect(JSON.parse(JSON.stringify(loaded))).toEqual(JSON.parse(JSON.stringify(profilesFromScratch(log, catalog))));
    }), { numRuns: 300 });
  });

  it('the same members, in the order they were first seen', () => {
    fc.assert(fc.property(fc.array(arbEntry, { maxLength: 40 }), (log) => {
      const state = emptyProfiles();
      for (const entry of log) applyEntry(state, entry, catalog);
      expect(Object.keys(state.members)).toEqual(Object.keys(profilesFromScratch(log, catalog).members));
    }));
  });
});
