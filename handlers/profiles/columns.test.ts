import { describe, expect, it } from 'vitest';
import { ColumnProfile, columnsFor } from './columns.ts';
import { profilesFromScratch } from './from-scratch.ts';
import { applyEntry, type CatalogLookup } from './reduce.ts';
import { emptyProfiles, newProfile, type Profile, type ProfilesState } from './types.ts';

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
    // Every field set, none left at its default: a field adopt or toJSON forgot would show.
    const plain = {
      id: 'w', firstSeenAt: 1, joinedAt: 2, inviter: 'l', lastActiveAt: 20, lastMessageAt: 9, lastOrderAt: 8, firstOrderAt: 7,
      orders: { j1: { at: 7, amount: 58, products: ['亚麻籽油'], categories: ['粮油'] } }, asked: { p1: 2 }, askedCategories: { 粮油: 2 },
      questions: 4, checkins: 3, lastCheckinAt: 6, shares: 1, invitees: ['z'], inviteesWhoOrdered: 1, reservations: 2, cases: 1, ownerTags: ['宝妈'],
      recalls: [10, 15], lastRecallText: '王阿姨，好久不见～', lastRecallPickAt: 15, optedOut: true, optedOutAt: 16, watch: { run: '2026-11-21', until: 30 },
      past: { count: 2, spend: 99.5, lastAt: 3, lastProducts: ['大米'], products: { 大米: 2 }, categories: { 粮油: 2 } },
    } satisfies Required<Profile>;
    const state: ProfilesState = JSON.parse(JSON.stringify({ members: { w: plain } }));
    columnsFor(state);
    expect(state.members['w']).toBeInstanceOf(ColumnProfile);
    expect(JSON.parse(JSON.stringify(state.members['w']))).toEqual(plain);
  });

  it('a members record replaced wholesale gets columns of its own: nobody’s events land on someone else', () => {
    const state = emptyProfiles();
    const a = { id: 'a', no: 1 };
    applyEntry(state, { kind: 'text', at: 10, from: a }, catalog);
    state.members = { ...state.members };
    applyEntry(state, { kind: 'text', at: 20, from: { id: 'c', no: 2 } }, catalog);
    applyEntry(state, { kind: 'points', movement: 'checkin', at: 30, member: a }, catalog);
    applyEntry(state, { kind: 'question', at: 40, member: a, productIds: ['p1'] }, catalog);
    expect([state.members['a']!.checkins, state.members['a']!.questions, state.members['a']!.lastActiveAt]).toEqual([1, 1, 40]);
    expect([state.members['c']!.checkins, state.members['c']!.questions, state.members['c']!.lastActiveAt]).toEqual([0, 0, 20]);
  });
});
