import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../store/schema.ts';
import { isJielong, parseEntryText, parseJielong, splitQuotedReply, type Jielong, type JielongEntry } from './parse.ts';

// The fixtures are copies of the shared 接龙 samples, kept in the repository so a fresh clone
// needs nothing beside it.
const FIXTURES = new URL('../../tests/fixtures/jielong/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const fixtureNames = (): string[] => [
  ...readdirSync(fileURLToPath(FIXTURES)).filter((f) => f.endsWith('.txt')),
  ...readdirSync(fileURLToPath(new URL('11-repost-sequence/', FIXTURES))).map((f) => `11-repost-sequence/${f}`),
].sort();

const CATALOG: Product[] = [
  { id: 'oil', name: '冷榨亚麻籽油', aliases: ['亚麻籽油', '冷榨油'], onSale: true, unit: '瓶' },
  { id: 'rice', name: '东北大米', aliases: ['大米', '五常大米'], onSale: true },
  { id: 'millet', name: '有机小米', aliases: ['小米'], onSale: true },
  { id: 'apple', name: '红富士苹果', aliases: ['苹果'], onSale: true },
  { id: 'nuts', name: '三只松鼠坚果', aliases: ['三只松鼠'], onSale: true },
];

// Exact expected parses of every fixture. What each one is about: fixtures/jielong/README.md.
const EXPECTED: Record<string, Jielong> = {
  '01-building-room-portions.txt': {
    header: '#接龙', offer: [], cutoff: { phrase: '三点截单', when: '下午三点' }, title: '半个南瓜 等会送来 共20份', description: [], example: '例 楼栋号-房间号 需要多少份', tail: ['三点截单'], entries: [
      { index: 1, name: null, room: '295-909', items: [{ product: null, qty: 6, unit: '份' }], raw: '295-909 6份', flags: [], roomRaw: '295-909' },
      { index: 2, name: null, room: '295-910', items: [{ product: null, qty: 8, unit: '份' }], raw: '295-910 8份', flags: [], roomRaw: '295-910' },
      { index: 3, name: null, room: '295-204', items: [{ product: null, qty: 2, unit: '份' }], raw: '295-204 2份', flags: [], roomRaw: '295-204' },
    ],
  },
  '02-multi-product-chinese-numerals.txt': {
    header: '#接龙', offer: [], cutoff: { phrase: '三点结束', when: '下午三点' }, title: '这个是接龙填的名称，简介啥的', description: [], example: '例 这个是对下面格式的说明，对系统没太大用处，无法解析，主要是接龙时别人用的', tail: ['大家快点接龙，三点结束'], entries: [
      { index: 1, name: null, room: '295-909', items: [{ product: '西瓜', qty: 5, unit: '斤' }, { product: '苹果', qty: 10, unit: '斤' }], raw: '295-909 五斤西瓜，十斤苹果', flags: [], roomRaw: '295-909' },
      { index: 2, name: null, room: '295-910', items: [{ product: '西瓜', qty: 6, unit: '斤' }, { product: '苹果', qty: 3, unit: '斤' }], raw: '295-910 六斤西瓜，三斤苹果', flags: [], roomRaw: '295-910' },
      { index: 3, name: null, room: '295-911', items: [{ product: '西瓜', qty: 10, unit: '斤' }, { product: '苹果', qty: 5, unit: '斤' }], raw: '295-911 十斤西瓜，五斤苹果', flags: [], roomRaw: '295-911' },
    ],
  },
  '03-no-example-line.txt': {
    header: '#接龙', offer: [], cutoff: null, title: '接龙，这次不填写接龙格式，也不填写补充信息', description: [], example: null, tail: [], entries: [
      { index: 1, name: '尘', room: null, items: [{ product: '消毒液', qty: 2, unit: '瓶' }], raw: '尘 消毒液两瓶', flags: [] },
      { index: 2, name: null, room: '295-909', items: [{ product: '消毒药', qty: 3, unit: '瓶' }], raw: '295-909 消毒药三瓶', flags: [], roomRaw: '295-909' },
    ],
  },
  '04-qty-glued-to-name.txt': {
    header: '#接龙', offer: [], cutoff: null, title: '百香果团购', description: [], example: null, tail: [], entries: [
      { index: 1, name: '王霞', room: null, items: [{ product: null, qty: 1, unit: '箱' }], raw: '王霞 1箱', flags: [] },
      { index: 2, name: '钟予馨', room: null, items: [{ product: null, qty: 2, unit: '箱' }], raw: '钟予馨2箱', flags: [] },
      { index: 3, name: '昕彤', room: null, items: [{ product: null, qty: 1, unit: '箱' }], raw: '昕彤1箱', flags: [] },
    ],
  },
  '05-minimal.txt': {
    header: '#接龙', offer: [], cutoff: null, title: '测试群接龙', description: [], example: null, tail: [], entries: [
      { index: 1, name: 'V', room: null, items: [{ product: null, qty: null, unit: null }], raw: 'V', flags: ['no-quantity'] },
      { index: 2, name: '白日做梦', room: null, items: [{ product: null, qty: null, unit: null }], raw: '白日做梦', flags: ['no-quantity'] },
    ],
  },
  '06-room-inside-name.txt': {
    header: '#接龙', offer: [], cutoff: null, title: '周六有机杂粮团购', description: [], example: '例 楼号+姓名+份数', tail: [], entries: [
      { index: 1, name: '王姐', room: '3栋', items: [{ product: null, qty: 2, unit: '份' }], raw: '3栋王姐 2份', flags: [], roomRaw: '3栋' },
      { index: 2, name: '李姐', room: '3-1701', items: [{ product: null, qty: 1, unit: '份' }], raw: '3栋1701 李姐 1份', flags: [], roomRaw: '3栋1701' },
      { index: 3, name: '张三', room: '5-1201', items: [{ product: '大米', qty: 2, unit: null }, { product: '油', qty: 1, unit: '桶' }], raw: '5号楼1201 张三 大米x2 油1桶', flags: [], roomRaw: '5号楼1201' },
      { index: 4, name: '老赵', room: '3-2-501', items: [{ product: '小米', qty: 1.5, unit: '斤' }], raw: '3栋2单元501 老赵 小米一斤半', flags: [], roomRaw: '3栋2单元501' },
    ],
  },
  '07-inline-header.txt': {
    header: '#接龙', offer: [], cutoff: null, title: '明晚八点约球', description: [], example: null, tail: [], entries: [
    ],
  },
  '08-times-are-not-quantities.txt': {
    header: '#接龙', offer: [], cutoff: null, title: '', description: [], example: null, tail: [], entries: [
      { index: 1, name: '和尚', room: null, items: [{ product: null, qty: null, unit: null }], raw: '和尚 7-10，补觉咖啡修暖气收拾纸箱看后期', flags: ['no-quantity','unparsed'], note: '7-10 补觉咖啡修暖气收拾纸箱看后期' },
      { index: 2, name: 'Bean', room: null, items: [{ product: null, qty: null, unit: null }], raw: 'Bean 早饭+daily plan+极客时间大数据论文', flags: ['no-quantity','unparsed'], note: '早饭+daily plan+极客时间大数据论文' },
      { index: 3, name: 'forever', room: null, items: [{ product: null, qty: null, unit: null }], raw: 'forever 7.50-9.20 早餐、刷剧', flags: ['no-quantity','unparsed'], note: '7.50-9.20 早餐 刷剧' },
      { index: 4, name: '大螃蟹', room: null, items: [{ product: null, qty: null, unit: null }], raw: '大螃蟹 7:23-8:40 洗漱收拾，早餐，B站', flags: ['no-quantity','unparsed'], note: '7:23-8:40 洗漱收拾 早餐 B站' },
    ],
  },
  '09-list-marker-variants.txt': {
    header: '#接龙', offer: [], cutoff: null, title: '水果团', description: [], example: null, tail: [], entries: [
      { index: 1, name: '张三', room: null, items: [{ product: '香蕉', qty: 3, unit: '斤' }], raw: '张三 香蕉3斤', flags: [] },
      { index: 2, name: '李四', room: null, items: [{ product: '苹果', qty: 2, unit: '斤' }], raw: '李四 苹果2斤', flags: [] },
      { index: 3, name: '王五', room: null, items: [{ product: '橙子', qty: 1, unit: '斤' }], raw: '王五 橙子1斤', flags: [] },
      { index: 4, name: '赵六', room: null, items: [{ product: '猪肉', qty: 1.5, unit: '斤' }], raw: '赵六 猪肉1.5斤', flags: [] },
    ],
  },
  '10-group-label.txt': {
    header: '#接龙', offer: [], cutoff: null, title: '无差别组：', description: [], example: null, tail: [], entries: [
      { index: 1, name: 'Alice', room: null, items: [{ product: null, qty: null, unit: null }], raw: 'Alice alice123', flags: ['no-quantity','unparsed'], note: 'alice123' },
      { index: 2, name: 'Bob', room: null, items: [{ product: null, qty: null, unit: null }], raw: 'Bob bob123', flags: ['no-quantity','unparsed'], note: 'bob123' },
    ],
  },
  '11-repost-sequence/1-from-wangayi.txt': {
    header: '#接龙', offer: [], cutoff: { phrase: '截止周五20:00', when: '周五20:00' }, title: '周六冷榨油团购 截止周五20:00', description: [], example: '例 楼号-房号 名字 几瓶', tail: [], entries: [
      { index: 1, name: '王阿姨', room: '3-501', items: [{ product: null, qty: 2, unit: '瓶' }], raw: '3-501 王阿姨 2瓶', flags: [], roomRaw: '3-501' },
    ],
  },
  '11-repost-sequence/2-from-lige.txt': {
    header: '#接龙', offer: [], cutoff: { phrase: '截止周五20:00', when: '周五20:00' }, title: '周六冷榨油团购 截止周五20:00', description: [], example: '例 楼号-房号 名字 几瓶', tail: [], entries: [
      { index: 1, name: '王阿姨', room: '3-501', items: [{ product: null, qty: 2, unit: '瓶' }], raw: '3-501 王阿姨 2瓶', flags: [], roomRaw: '3-501' },
      { index: 2, name: '李哥', room: '7-1102', items: [{ product: null, qty: 1, unit: '瓶' }], raw: '7-1102 李哥 1瓶', flags: [], roomRaw: '7-1102' },
    ],
  },
  '11-repost-sequence/3-from-wangayi-edit.txt': {
    header: '#接龙', offer: [], cutoff: { phrase: '截止周五20:00', when: '周五20:00' }, title: '周六冷榨油团购 截止周五20:00', description: [], example: '例 楼号-房号 名字 几瓶', tail: [], entries: [
      { index: 1, name: '王阿姨', room: '3-501', items: [{ product: null, qty: 3, unit: '瓶' }], raw: '3-501 王阿姨 3瓶', flags: [], roomRaw: '3-501' },
      { index: 2, name: '李哥', room: '7-1102', items: [{ product: null, qty: 1, unit: '瓶' }], raw: '7-1102 李哥 1瓶', flags: [], roomRaw: '7-1102' },
    ],
  },
  '11-repost-sequence/4-from-xiaozhang.txt': {
    header: '#接龙', offer: [], cutoff: { phrase: '截止周五20:00', when: '周五20:00' }, title: '周六冷榨油团购 截止周五20:00', description: [], example: '例 楼号-房号 名字 几瓶', tail: [], entries: [
      { index: 1, name: '王阿姨', room: '3-501', items: [{ product: null, qty: 3, unit: '瓶' }], raw: '3-501 王阿姨 3瓶', flags: [], roomRaw: '3-501' },
      { index: 2, name: '李哥', room: '7-1102', items: [{ product: null, qty: 1, unit: '瓶' }], raw: '7-1102 李哥 1瓶', flags: [], roomRaw: '7-1102' },
      { index: 3, name: '小张', room: '5-201', items: [{ product: null, qty: 2, unit: '瓶' }], raw: '5-201 小张 两瓶', flags: [], roomRaw: '5-201' },
    ],
  },
  '11-repost-sequence/5-from-lige-cancel.txt': {
    header: '#接龙', offer: [], cutoff: { phrase: '截止周五20:00', when: '周五20:00' }, title: '周六冷榨油团购 截止周五20:00', description: [], example: '例 楼号-房号 名字 几瓶', tail: [], entries: [
      { index: 1, name: '王阿姨', room: '3-501', items: [{ product: null, qty: 3, unit: '瓶' }], raw: '3-501 王阿姨 3瓶', flags: [], roomRaw: '3-501' },
      { index: 2, name: '小张', room: '5-201', items: [{ product: null, qty: 2, unit: '瓶' }], raw: '5-201 小张 两瓶', flags: [], roomRaw: '5-201' },
    ],
  },
};

describe('parseJielong on the shared fixtures', () => {
  it('has an expected parse for every fixture file, and no stale ones', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(fixtureNames());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, () => {
      expect(parseJielong(fixture(name))).toEqual(expected);
    });
  }

  it('11: the repost sequence ends with 王阿姨 3 瓶, 小张 2 瓶 and 李哥 gone', () => {
    const versions = fixtureNames().filter((f) => f.startsWith('11-')).map((f) => parseJielong(fixture(f))!);
    expect(new Set(versions.map((v) => `${v.header}|${v.title}`)).size).toBe(1); // one 接龙
    const byName = (v: Jielong): Record<string, number | null> =>
      Object.fromEntries(v.entries.map((e) => [e.name!, e.items[0]!.qty]));
    expect(versions.map(byName)).toEqual([
      { 王阿姨: 2 },
      { 王阿姨: 2, 李哥: 1 },
      { 王阿姨: 3, 李哥: 1 },
      { 王阿姨: 3, 李哥: 1, 小张: 2 },
      { 王阿姨: 3, 小张: 2 },
    ]);
  });

  it('matches fixture products against a catalog (longest name or alias wins)', () => {
    const j = parseJielong(fixture('06-room-inside-name.txt'), { catalog: CATALOG })!;
    expect(j.entries[2]!.items).toEqual([
      { product: '东北大米', productId: 'rice', productRaw: '大米', qty: 2, unit: null },
      { product: '油', qty: 1, unit: '桶' },
    ]);
    expect(j.entries[2]!.flags).toEqual(['unknown-product']);
    expect(j.entries[3]!.items).toEqual([{ product: '有机小米', productId: 'millet', productRaw: '小米', qty: 1.5, unit: '斤' }]);
  });
});

describe('recognising a 接龙', () => {
  it('finds #接龙, #接龍 and #Group Note, also after @mentions on the same line', () => {
    expect(parseJielong('#接龍\n标题\n1. 张三 1份')!.header).toBe('#接龍');
    expect(parseJielong('#Group Note\nWeekend\n1. Ann 2')!.header).toBe('#Group Note');
    expect(parseJielong('＃接龙 全角井号')!.title).toBe('全角井号');
    const j = parseJielong('@小王 @老李 大家 #接龙 周六团购\n1. 王五 2份')!;
    expect(j.title).toBe('周六团购');
    expect(j.entries).toHaveLength(1);
  });

  it('is not a 接龙 without a header', () => {
    for (const text of ['', '1. 张三 2份', '接龙 大米2袋', '大家快来接龙', '#团购']) {
      expect(isJielong(text)).toBe(false);
      expect(parseJielong(text)).toBeNull();
    }
  });

  it('takes the title from the next line, or the one after a blank line, and keeps description lines', () => {
    const j = parseJielong('#接龙\n\n周六团购\n自提点：北门\n每户限两份\n\n1. 张三 1份')!;
    expect(j.title).toBe('周六团购');
    expect(j.description).toEqual(['自提点：北门', '每户限两份']);
  });

  it('treats a reply quoting a 接龙 as no new version', () => {
    const quoted = '「王阿姨：#接龙\n周六团购\n1. 3-501 王阿姨 2瓶」\n- - - - - - - - - - - - - - -\n+1';
    expect(parseJielong(quoted)).toBeNull();
    expect(isJielong(quoted)).toBe(false);
    expect(splitQuotedReply(quoted)).toEqual({ quoted: '「王阿姨：#接龙\n周六团购\n1. 3-501 王阿姨 2瓶」', reply: '+1' });
    expect(splitQuotedReply('#接龙\n1. 张三')).toBeNull();
  });
});

describe('the example block, entries and tail', () => {
  it('reads a multi-line example up to the first blank line, never as entries', () => {
    const j = parseJielong('#接龙\n周六团购\n例：\n1. 3-501 王阿姨 2瓶\n2. 5-201 小张 1瓶\n\n1. 7-1102 李哥 1瓶')!;
    expect(j.example).toBe('例：\n1. 3-501 王阿姨 2瓶\n2. 5-201 小张 1瓶');
    expect(j.entries.map((e) => e.name)).toEqual(['李哥']);
  });

  it('splits an example written on the title line', () => {
    const j = parseJielong('#接龙 周六团购 例：楼号 名字 份数\n\n1. 张三 1份')!;
    expect(j.title).toBe('周六团购');
    expect(j.example).toBe('例：楼号 名字 份数');
  });

  it('reads every marker style, with or without a space', () => {
    const text = '#接龙\n1.张三 1份\n2、李四 1份\n3)王五 1份\n（4）赵六 1份\n(5) 钱七 1份\n⑥孙八 1份\n7．周九 1份\n8：吴十 1份';
    const j = parseJielong(text)!;
    expect(j.entries.map((e) => [e.index, e.name, e.items[0]!.qty])).toEqual([
      [1, '张三', 1], [2, '李四', 1], [3, '王五', 1], [4, '赵六', 1], [5, '钱七', 1], [6, '孙八', 1], [7, '周九', 1], [8, '吴十', 1],
    ]);
  });

  it('reads the single-line variant, keeping an unfilled slot as an empty entry', () => {
    const j = parseJielong('#接龙 周末打球\n1. 2. 倪彩霞 gt7 3. 莓心')!;
    expect(j.entries.map((e) => [e.index, e.name, e.raw, e.flags])).toEqual([
      [1, null, '', ['empty']],
      [2, '倪彩霞', '倪彩霞 gt7', ['no-quantity', 'unparsed']],
      [3, '莓心', '莓心', ['no-quantity']],
    ]);
    expect(parseJielong('#接龙 标题 1. 张三 2份 2. 李四 1份')!.entries.map((e) => e.name)).toEqual(['张三', '李四']);
  });

  it('joins continuation lines to their entry', () => {
    const j = parseJielong('#接龙\n1. 王姐\n3栋 501 两瓶\n2. 李哥 1瓶')!;
    expect(j.entries[0]).toMatchObject({ name: '王姐', room: '3-501', raw: '王姐\n3栋 501 两瓶', items: [{ product: null, qty: 2, unit: '瓶' }] });
    expect(j.entries).toHaveLength(2);
  });

  it('keeps lines after a blank line as the tail, even ones starting with numbers', () => {
    const j = parseJielong('#接龙\n1. 张三 1份\n2. 李四 2份\n\n8:00截单\n12.5元一斤\n三点截单')!;
    expect(j.entries).toHaveLength(2);
    expect(j.tail).toEqual(['8:00截单', '12.5元一斤', '三点截单']);
  });

  it('reads "1.295-909" as entry 1 but "2.5斤" out of sequence as no marker', () => {
    expect(parseJielong('#接龙\n1.295-909 6份')!.entries[0]!.room).toBe('295-909');
    expect(parseJielong('#接龙\n1. 张三 1份\n\n5.5元一斤')!.tail).toEqual(['5.5元一斤']);
  });
});

const entry = (text: string, opts: { catalog?: Product[] } = {}): JielongEntry => parseEntryText(text, 1, opts);

describe('the person: name and room', () => {
  it.each([
    ['295-909 6份', '295-909', '295-909', 6],
    ['3-501 王阿姨 2瓶', '3-501', '3-501', 2],
    ['7-1102 李哥 1瓶', '7-1102', '7-1102', 1],
    ['3栋1701 李姐 1份', '3-1701', '3栋1701', 1],
    ['5号楼1201 张三 1份', '5-1201', '5号楼1201', 1],
    ['3栋2单元501 老赵 1份', '3-2-501', '3栋2单元501', 1],
    ['3号楼2单元501室 老赵 1份', '3-2-501', '3号楼2单元501室', 1],
    ['3-2-501 老赵 1份', '3-2-501', '3-2-501', 1],
    ['3#501 老赵 1份', '3-501', '3#501', 1],
    ['3幢 1701 老赵 1份', '3-1701', '3幢 1701', 1],
    ['3栋王姐 2份', '3栋', '3栋', 2],
    ['3栋2单元 王姐 2份', '3栋2单元', '3栋2单元', 2],
    ['1701 王姐 2份', '1701', '1701', 2],
    ['王姐 1701室 2份', '1701', '1701室', 2],
    ['３－５０１ 王姐 2份', '3-501', '3-501', 2],
  ])('%s → room %s', (text, room, roomRaw, qty) => {
    const e = entry(text);
    expect(e.room).toBe(room);
    expect(e.roomRaw).toBe(roomRaw);
    expect(e.items.map((i) => i.qty)).toEqual([qty]);
  });

  it('reads the name before or after the room, and a name glued to its quantity', () => {
    expect(entry('王阿姨 3-501 2瓶')).toMatchObject({ name: '王阿姨', room: '3-501', items: [{ product: null, qty: 2, unit: '瓶' }] });
    expect(entry('钟予馨2箱')).toMatchObject({ name: '钟予馨', items: [{ product: null, qty: 2, unit: '箱' }] });
    expect(entry('@小王: 1份')).toMatchObject({ name: '小王' });
  });

  it('reads a word glued to the quantity after a room as the product', () => {
    expect(entry('295-909 消毒药三瓶')).toMatchObject({ name: null, items: [{ product: '消毒药', qty: 3, unit: '瓶' }] });
  });

  it('keeps a phone number apart: never a quantity, never a room', () => {
    expect(entry('张三 13812345678 2份')).toMatchObject({ name: '张三', room: null, phone: '13812345678', items: [{ qty: 2, unit: '份' }] });
    expect(entry('李四 138-1234-5678 3-501 1份')).toMatchObject({ room: '3-501', phone: '13812345678', items: [{ qty: 1 }] });
    expect(entry('王五 13812345678')).toMatchObject({ items: [{ qty: null }], flags: ['no-quantity'] });
  });
});

describe('items: products and quantities', () => {
  it('splits several products on ，、； and spaces', () => {
    expect(entry('张三 大米x2 油1桶').items).toEqual([{ product: '大米', qty: 2, unit: null }, { product: '油', qty: 1, unit: '桶' }]);
    expect(entry('张三 西瓜5斤；苹果3斤、梨2个').items.map((i) => [i.product, i.qty, i.unit])).toEqual([['西瓜', 5, '斤'], ['苹果', 3, '斤'], ['梨', 2, '个']]);
    expect(entry('295-909 五斤西瓜，十斤苹果').items.map((i) => i.product)).toEqual(['西瓜', '苹果']);
  });

  it('gives 各 to each product named before it', () => {
    expect(entry('张三 苹果、香蕉各一斤').items).toEqual([
      { product: '苹果', qty: 1, unit: '斤' }, { product: '香蕉', qty: 1, unit: '斤' },
    ]);
    expect(entry('295-909 苹果 香蕉 各1斤')).toMatchObject({ name: null, items: [{ product: '苹果', qty: 1 }, { product: '香蕉', qty: 1 }] });
  });

  it.each([
    ['王霞 1箱', 1, '箱'], ['小张 两瓶', 2, '瓶'], ['老赵 小米一斤半', 1.5, '斤'], ['赵六 两个半', 2.5, '个'],
    ['钱七 半斤', 0.5, '斤'], ['猪肉 1.5斤', 1.5, '斤'], ['李四 十五份', 15, '份'], ['王五 二十个', 20, '个'],
    ['张三 一百克', 100, '克'], ['张三 2公斤', 2, '公斤'], ['小王 x3', 3, null], ['小王 ×3', 3, null],
    ['小王 *3', 3, null], ['小王 X3', 3, null], ['3-501 王阿姨 +2', 2, null], ['老李 2', 2, null], ['老李 +1', 1, null],
    ['我要两份', 2, '份'],
  ])('%s → %s %s', (text, qty, unit) => {
    expect(entry(text).items).toEqual([expect.objectContaining({ qty, unit })]);
  });

  it.each([
    ['和尚 7-10，补觉', '7-10 补觉'],
    ['forever 7.50-9.20 早餐', '7.50-9.20 早餐'],
    ['大螃蟹 7:23-8:40 洗漱', '7:23-8:40 洗漱'],
    ['张三 7:20-8:35', '7:20-8:35'],
    ['张三 5月1日', '5月1日'],
    ['张三 2024-05-01', '2024-05-01'],
    ['张三 3号', '3号'],
    ['张三 周六8点半', '周六8点半'],
    ['张三 可乐600ml*24瓶', '可乐600ml*24瓶'],
    ['张三 24罐装', '24罐装'],
    ['张三 500g', '500g'],
    ['张三 ¥39.9', '¥39.9'],
    ['Alice alice123', 'alice123'],
  ])('never a quantity or a room: %s', (text, note) => {
    const e = entry(text);
    expect(e.room).toBeNull();
    expect(e.items).toEqual([{ product: null, qty: null, unit: null }]);
    expect(e.flags).toEqual(['no-quantity', 'unparsed']);
    expect(e.note).toBe(note);
  });

  it('reads the quantity next to a pack spec, and keeps the spec in the note', () => {
    expect(entry('张三 可乐600ml*24瓶 1箱')).toMatchObject({ items: [{ product: '可乐', qty: 1, unit: '箱' }], note: '600ml*24瓶' });
    expect(entry('王五 猪肉500g x2')).toMatchObject({ items: [{ product: '猪肉', qty: 2, unit: null }], note: '500g' });
  });

  it('reads a plain sign-up as one item with qty null, never a number from the name', () => {
    for (const text of ['V', '白日做梦', '张三三', '李四', '十一郎']) {
      const e = entry(text);
      expect(e.items).toEqual([{ product: null, qty: null, unit: null }]);
      expect(e.flags).toContain('no-quantity');
    }
  });
});

describe('catalog matching', () => {
  it('maps names and aliases to catalog products, longest match first', () => {
    expect(entry('3-501 王阿姨 亚麻籽油2瓶', { catalog: CATALOG }).items).toEqual([
      { product: '冷榨亚麻籽油', productId: 'oil', productRaw: '亚麻籽油', qty: 2, unit: '瓶' },
    ]);
    expect(entry('李哥 五常大米 2袋', { catalog: CATALOG }).items[0]).toMatchObject({ product: '东北大米', productId: 'rice', productRaw: '五常大米' });
  });

  it('keeps numerals inside a product name out of the quantity', () => {
    expect(entry('小王 三只松鼠2包', { catalog: CATALOG }).items).toEqual([
      { product: '三只松鼠坚果', productId: 'nuts', productRaw: '三只松鼠', qty: 2, unit: '包' },
    ]);
  });

  it('flags what it cannot match instead of guessing', () => {
    expect(entry('老赵 菜籽油2瓶', { catalog: CATALOG })).toMatchObject({ items: [{ product: '菜籽油', qty: 2 }], flags: ['unknown-product'] });
    const both = entry('小李 苹果大米 2份', { catalog: CATALOG });
    expect(both.items).toEqual([{ product: '苹果大米', qty: 2, unit: '份' }]);
    expect(both.flags).toEqual(['ambiguous-product']);
  });

  it('leaves the product empty when none is named (the order book decides)', () => {
    expect(entry('老王 2份', { catalog: CATALOG })).toMatchObject({ items: [{ product: null, qty: 2, unit: '份' }], flags: [] });
  });

  it('keeps a catalog product named without a quantity as an item with qty null', () => {
    expect(entry('张三 苹果，大米3袋', { catalog: CATALOG })).toMatchObject({
      items: [{ product: '东北大米', qty: 3 }, { product: '红富士苹果', qty: null }],
      flags: ['no-quantity'],
    });
  });
});

describe('parseJielong never throws', () => {
  const texts = fixtureNames().map(fixture);
  const check = (text: string): void => {
    const j = parseJielong(text);
    if (j !== null) expect(typeof j.title).toBe('string');
    parseJielong(text, { catalog: CATALOG });
  };

  it('on a header cut across two lines (found by the property below)', () => {
    expect(() => check('#\n接龙，这次不填写接龙格式\n\n1.尘 消毒液两瓶\n')).not.toThrow();
    expect(parseJielong('#\n接龙\n1.尘 消毒液两瓶')).toBeNull();
  });

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => check(s)), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => check(`#接龙\n${s}`)), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => check(`#接龙 ${s}\n1. ${s}`)), { numRuns: 500 });
  });

  it('on strings made of 接龙 pieces', () => {
    const piece = fc.constantFrom('#接龙', '#接龍', '#Group Note', '\n', ' ', '1.', '2、', '（3）', '④', '例', '例：', '- - - -', '「', '」',
      '3-501', '3栋', '2单元', '501', '王阿姨', '两', '半', '斤', '份', 'x2', '×', '*', '+1', '各', '一', '十', '百', '万', '7:20', '-',
      '13812345678', '600ml', '装', '，', '、', '；', '.', '0', '9', 'a', '🍎', '\r\n', '\u3000', '＃');
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), (parts) => check(parts.join(''))), { numRuns: 1000 });
  });

  it('on fixtures with lines deleted, duplicated or junk inserted', () => {
    const mutation = fc.record({
      text: fc.constantFrom(...texts),
      ops: fc.array(fc.tuple(fc.constantFrom('delete', 'insert', 'duplicate', 'truncate'), fc.nat(), fc.string({ unit: 'grapheme', maxLength: 20 })), { maxLength: 6 }),
    });
    fc.assert(fc.property(mutation, ({ text, ops }) => {
      let lines = text.split('\n');
      for (const [op, at, junk] of ops) {
        const i = lines.length === 0 ? 0 : at % lines.length;
        if (op === 'delete') lines.splice(i, 1);
        else if (op === 'insert') lines.splice(i, 0, junk);
        else if (op === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
        else lines = lines.map((l, n) => (n === i ? l.slice(0, at % (l.length + 1)) + junk : l));
      }
      check(lines.join('\n'));
    }), { numRuns: 1000 });
  });
});
