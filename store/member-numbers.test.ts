import { describe, expect, it } from 'vitest';
import { group1, groupText, member, T0 } from '../tests/helpers.ts';
import { loggedMember, trackMembership } from './members.ts';
import { emptyState } from './schema.ts';

// Member numbers: given once, never reused or changed, and written into the log entries.

describe('member numbers', () => {
  it('gives each member a number on first sight and keeps it', () => {
    const state = emptyState();
    const wang = trackMembership(state, groupText(member('王阿姨'), '你好', T0));
    const li = trackMembership(state, groupText(member('李哥'), '在吗', T0 + 1));
    trackMembership(state, groupText(member('王阿姨'), '好的', T0 + 2));
    expect([wang.no, li.no]).toEqual([1, 2]);
    expect(state.members['wxid_王阿姨']!.no).toBe(1);
  });

  it('numbers a member stored before numbers existed when next seen, after the ones given', () => {
    const state = emptyState();
    trackMembership(state, groupText(member('王阿姨'), '你好', T0));
    delete state.members['wxid_王阿姨']!.no; // as loaded from an older state.json
    trackMembership(state, groupText(member('李哥'), '在吗', T0 + 1));
    expect(trackMembership(state, groupText(member('王阿姨'), '好的', T0 + 2)).no).toBe(3);
  });

  it('names a member in the log with the stored name and number, or the fallback for a stranger', () => {
    const state = emptyState();
    trackMembership(state, groupText(member('王阿姨'), '你好', T0, group1));
    expect(loggedMember(state, 'wxid_王阿姨', '王姐', T0)).toEqual({ id: 'wxid_王阿姨', name: '王阿姨', no: 1 });
  });

  it('records a stranger the log names under the name given, numbered, in no group, not yet seen in one', () => {
    const state = emptyState();
    trackMembership(state, groupText(member('王阿姨'), '你好', T0, group1));
    expect(loggedMember(state, 'wxid_new', '新邻居', T0 + 5)).toEqual({ id: 'wxid_new', name: '新邻居', no: 2 });
    expect(state.members['wxid_new']).toMatchObject({ name: '新邻居', groups: [], groupsEver: [], firstSeenAt: T0 + 5 });
    // Their first message in a group still makes them a newcomer there.
    const first = groupText(member('新邻居'), '大家好', T0 + 9, group1);
    const record = trackMembership(state, { ...first, from: { ...first.from, id: 'wxid_new' } });
    expect(record.firstGroupEvent).toBe(first.id);
    // Without a name there is nothing to record: the log names them by id alone.
    expect(loggedMember(state, 'wxid_other', undefined, T0)).toEqual({ id: 'wxid_other', name: undefined });
    expect(state.members['wxid_other']).toBeUndefined();
  });
});
