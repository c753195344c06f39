import { describe, expect, it } from 'vitest';
import { ColumnProfile, columnsFor } from './columns.ts';
import { profilesFromScratch } from './from-scratch.ts';
import { applyEntry, type CatalogLookup } from './reduce.ts';
import { emptyProfiles, newProfile, type ProfilesState } from './types.ts';

// The activity columns behind ColumnProfile: values read back as written, the arrays grow
// past their first size without losing anyone, and loaded plain profiles move in intact.

const catalog: CatalogLookup = { categoryOf: () => undefined, nameOf: () => undefined };

describe('profile activity columns', () => {
  it('keeps 5,000 members (numbered past the first array size) exactly as from scratch', () => {
    const log: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 20_000; i++) {
      const m = (i * 7919) % 5_000;
      const who = { id: `m${m}`, name: `成员${m}`, no: 5_000 - m };
      const at = 1_000 + i;
      log.push(i % 3 === 0 ? { kind: 'points', movement: 'checkin', at, member: who } : i % 3 === 1 ? { kind: 'text', at, from: who } : { kind: 'share', at, from: who });
    }
    const state = emptyProfiles();
    for (const e of log) applyEntry(state, e, catalog);
    expect(Object.keys(state.members)).toHaveLength(5_000);
    expect(JSON.parse(JSON.stringify(state))).toEqual(JSON.parse(JSON.stringify(profilesFromScratch(log, catalog))));
  });

  it('reads back what is written, "never" included, and writes JSON without the nevers', () => {
    const state = emptyProfiles();
    applyEntry(state, { kind: 'text', at: 5, from: { id: 'w', no: 1 } }, catalog);
    const p = state.members['w']!;
    expect(p).toBeInstanceOf(ColumnProfile);
    expect([p.lastActiveAt, p.lastMessageAt, p.lastCheckinAt, p.checkins]).toEqual([5, 5, undefined, 0]);
    p.lastMessageAt = undefined;
    p.checkins = 3;
    expect(JSON.parse(JSON.stringify(p))).toEqual({ ...JSON.parse(JSON.stringify(newProfile('w', 5))), checkins: 3 });
  });

  it('moves profiles loaded from state.json into the columns with every field', () => {
    const plain = { ...newProfile('w', 1), lastMessageAt: 9, lastOrderAt: 8, firstOrderAt: 7, checkins: 2, shares: 1, questions: 4, lastCheckinAt: 6, ownerTags: ['宝妈'], optedOut: true };
    const state: ProfilesState = JSON.parse(JSON.stringify({ members: { w: plain } }));
    columnsFor(state);
    expect(state.members['w']).toBeInstanceOf(ColumnProfile);
    expect(JSON.parse(JSON.stringify(state.members['w']))).toEqual(JSON.parse(JSON.stringify(plain)));
  });
});
