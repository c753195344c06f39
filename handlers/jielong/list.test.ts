import { describe, expect, it } from 'vitest';
import type { JielongRecord } from './state.ts';
import { appendLine, cancelLines, emptyBook, lineContent } from './diff.ts';
import { asksForList } from './list.ts';
import { listText } from './list-text.ts';
import { parseJielong, type JielongEntry } from './parse.ts';
import { announcement } from './texts.ts';

const NOW = Date.parse('2026-11-21T09:00:00+08:00');
const TZ = 'Asia/Shanghai';

function recordWith(raws: string[], init: Partial<JielongRecord> = {}): JielongRecord {
  let book = emptyBook<JielongEntry>();
  for (const raw of raws) book = appendLine(book, { index: 0, name: null, room: null, items: [], raw, flags: [] }, 'someone').book;
  return {
    id: 'jl-1', group: { id: 'g', name: '群' }, header: '#接龙', title: '周六团', status: 'open', openedAt: NOW, openedBy: 'owner',
    offer: [{ name: '土鸡蛋', price: 32, unit: '盒', stock: 30, perPerson: 2 }], cutoffAt: NOW + 11 * 3_600_000,
    book, pendingConfirm: [], ...init,
  };
}

describe('asking to see the 接龙', () => {
  it('is one of the short ways residents ask, not a sign-up, a question about it or how-to', () => {
    for (const t of ['看接龙', '接龙列表', '查看接龙', '接龙发一下', '现在接龙到哪了', '接龙发一下？', '麻烦再发下最新的接龙', '接龙到几号了',
      '接龙有多少人了', '接龙在哪', '发一下接龙', '接龙能不能再发一下', '接龙名单', '最新接龙', '看下接龙', '接龙 发一下']) {
      expect(asksForList(t), t).toBe(true);
    }
    for (const t of ['接龙', '接龙 大米2袋', '接龙+1', '我的接龙', '我接龙了什么', '怎么接龙', '接龙几点截止', '接龙发财树1盆', '接龙 发财树',
      '今天有接龙吗', '接龙截止了吗', '看接龙怎么弄', '#接龙\n周六团']) {
      expect(asksForList(t), t).toBe(false);
    }
  });
});

describe('the list as text', () => {
  it('is the announcement, a blank line and the active lines renumbered; a cancelled line is gone', () => {
    const record = recordWith(['3-501 王阿姨 土鸡蛋2盒', '5-202 李叔 1盒', '7-101 小徐 2盒']);
    record.book = cancelLines(record.book, [2]).book;
    expect(listText(record, NOW, TZ)).toBe(`${announcement(record, NOW, TZ)}\n\n1. 3-501 王阿姨 土鸡蛋2盒\n2. 7-101 小徐 2盒`);
    expect(listText(record, NOW, TZ)).toBe('#接龙\n周六团\n土鸡蛋 32元/盒，限量30盒，每人限购2盒\n截止：今天 20:00\n例 3-501 王阿姨 2盒\n\n1. 3-501 王阿姨 土鸡蛋2盒\n2. 7-101 小徐 2盒');
  });

  it('with no lines yet is the announcement alone', () => {
    expect(listText(recordWith([]), NOW, TZ)).toBe(announcement(recordWith([]), NOW, TZ));
  });

  it('reads back as the same lines (what a repost of it is matched by), with the 接龙’s own 例 line kept as its example', () => {
    const raws = ['3-501 王阿姨 土鸡蛋2盒', '王阿姨 土鸡蛋1盒', '8栋 刘老师 鸡蛋 两盒 下午送', '5-202 李叔 1盒\n放门口就行'];
    const record = recordWith(raws, { example: '例：1-101 张三 1盒' });
    const parsed = parseJielong(listText(record, NOW, TZ))!;
    expect(parsed.title).toBe('周六团');
    expect(parsed.example).toContain('1-101 张三 1盒');
    expect(parsed.entries.map((e) => lineContent(e.raw))).toEqual(raws.map(lineContent));
  });
});
