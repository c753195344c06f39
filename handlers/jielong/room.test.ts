import { afterAll, describe, expect, it } from 'vitest';
import { parseEntryText } from './entry.ts';
import { toHalfWidth } from '../../text/normalize.ts';
import { readRoom } from './room.ts';
import { Work } from './work.ts';

// Rooms as residents type them, inside whole entry lines. Each row: the line, the room
// normalised, the room as written (half-width, as the entry keeps it), and what the rest of
// the line must still give: the name and the first item's product and quantity
// (undefined: not checked here).
interface Row {
  line: string;
  room: string;
  raw: string;
  name: string | null;
  product?: string | null;
  qty?: number | null;
}

const r = (line: string, room: string, raw: string, name: string | null, product?: string | null, qty?: number | null): Row =>
  ({ line, room, raw, name, product, qty });

const ROOMS: Row[] = [
  // building-room, Arabic
  r('3栋1701 李姐 1份', '3-1701', '3栋1701', '李姐', null, 1),
  r('5号楼1201 张三 大米x2 油1桶', '5-1201', '5号楼1201', '张三', '大米', 2),
  r('5号楼 1201 老赵 1份', '5-1201', '5号楼 1201', '老赵', null, 1),
  r('12#302 小王 鸡蛋2盒', '12-302', '12#302', '小王', '鸡蛋', 2),
  r('16#1101 老周 1份', '16-1101', '16#1101', '老周', null, 1),
  r('3幢501室 刘阿姨 2份', '3-501', '3幢501室', '刘阿姨', null, 2),
  r('3栋-501 王姐 1份', '3-501', '3栋-501', '王姐', null, 1),
  r('1号楼，101 小张 2份', '1-101', '1号楼,101', '小张', null, 2),
  r('8栋 602室 陈姐 苹果3斤', '8-602', '8栋 602室', '陈姐', '苹果', 3),
  r('王姐 3栋1701 2份', '3-1701', '3栋1701', '王姐', null, 2),
  r('11栋2003 小李 牛奶2箱', '11-2003', '11栋2003', '小李', '牛奶', 2),
  r('3栋1701王姐 鸡蛋2盒', '3-1701', '3栋1701', '王姐', '鸡蛋', 2),
  r('5座1201 张 1份', '5-1201', '5座1201', '张', null, 1),
  r('3号502 王姐 1份', '3-502', '3号502', '王姐', null, 1),
  r('1号，101室 刘 2份', '1-101', '1号,101室', '刘', null, 2),
  r('2号 1802 小陈 2份', '2-1802', '2号 1802', '小陈', null, 2),
  r('6栋302号 孙 1份', '6-302', '6栋302号', '孙', null, 1),
  r('9幢 1102房 阿梅 1份', '9-1102', '9幢 1102房', '阿梅', null, 1),
  // building in Chinese numerals
  r('十二栋302 小张 鸡蛋2盒', '12-302', '十二栋302', '小张', '鸡蛋', 2),
  r('三号楼502王姐 大米1袋', '3-502', '三号楼502', '王姐', '大米', 1),
  r('七号楼1102 老赵 1份', '7-1102', '七号楼1102', '老赵', null, 1),
  r('二十栋1501 小刘 2份', '20-1501', '二十栋1501', '小刘', null, 2),
  r('九栋 801 阿芳 西瓜1个', '9-801', '九栋 801', '阿芳', '西瓜', 1),
  r('三号502 王姐 1份', '3-502', '三号502', '王姐', null, 1),
  r('一号，1201室 李 1份', '1-1201', '一号,1201室', '李', null, 1),
  r('十五幢1003 周姐 1份', '15-1003', '十五幢1003', '周姐', null, 1),
  r('二十一号楼2302 小马 2份', '21-2302', '二十一号楼2302', '小马', null, 2),
  r('第三栋501 王 1份', '3-501', '第三栋501', '王', null, 1),
  r('王姐 五栋 1201 土鸡蛋两盒', '5-1201', '五栋 1201', '王姐', '土鸡蛋', 2),
  // building-unit-room
  r('3栋2单元501 老赵 小米一斤半', '3-2-501', '3栋2单元501', '老赵', '小米', 1.5),
  r('三栋二单元501 老赵 1份', '3-2-501', '三栋二单元501', '老赵', null, 1),
  r('3号楼2单元501室 老赵 1份', '3-2-501', '3号楼2单元501室', '老赵', null, 1),
  r('3号2单元501 老赵 1份', '3-2-501', '3号2单元501', '老赵', null, 1),
  r('12栋 1单元 1101 王姐 2份', '12-1-1101', '12栋 1单元 1101', '王姐', null, 2),
  r('七号楼三单元702 小吴 1份', '7-3-702', '七号楼三单元702', '小吴', null, 1),
  r('5幢1单元-302 刘 2份', '5-1-302', '5幢1单元-302', '刘', null, 2),
  r('B座2单元1203 老钱 1份', 'B-2-1203', 'B座2单元1203', '老钱', null, 1),
  r('3栋2单元，501 老赵 1份', '3-2-501', '3栋2单元,501', '老赵', null, 1),
  r('十栋十单元1001 张 1份', '10-10-1001', '十栋十单元1001', '张', null, 1),
  r('14#2单元602 吴 面条3包', '14-2-602', '14#2单元602', '吴', '面条', 3),
  // dashes
  r('3-2-501 老赵 1份', '3-2-501', '3-2-501', '老赵', null, 1),
  r('3_2_501 老赵 1份', '3-2-501', '3_2_501', '老赵', null, 1),
  r('3—2—501 王 1份', '3-2-501', '3—2—501', '王', null, 1),
  r('3—501 老赵 1份', '3-501', '3—501', '老赵', null, 1),
  r('3_501 老赵 1份', '3-501', '3_501', '老赵', null, 1),
  r('3–501 王姐 1份', '3-501', '3–501', '王姐', null, 1),
  r('295-909 6份', '295-909', '295-909', null, null, 6),
  r('3 - 501 王阿姨 2瓶', '3-501', '3 - 501', '王阿姨', null, 2),
  r('３－５０１ 王姐 2份', '3-501', '3-501', '王姐', null, 2),
  r('7-1102 李哥 1瓶', '7-1102', '7-1102', '李哥', null, 1),
  r('3/501 王 1份', '3-501', '3/501', '王', null, 1),
  r('3-501室 王姐 1份', '3-501', '3-501室', '王姐', null, 1),
  r('295-909 消毒药三瓶', '295-909', '295-909', null, '消毒药', 3),
  // building or unit without a room, unit without a building
  r('3单元501 老赵 1份', '3单元501', '3单元501', '老赵', null, 1),
  r('二单元302 小林 2份', '2单元302', '二单元302', '小林', null, 2),
  r('3栋王姐 2份', '3栋', '3栋', '王姐', null, 2),
  r('三号楼 王姐 2份', '3栋', '三号楼', '王姐', null, 2),
  r('5幢 刘姐 2份', '5栋', '5幢', '刘姐', null, 2),
  r('B座 老钱 1份', 'B栋', 'B座', '老钱', null, 1),
  r('3栋2单元 王姐 2份', '3栋2单元', '3栋2单元', '王姐', null, 2),
  r('三栋二单元 王姐 1份', '3栋2单元', '三栋二单元', '王姐', null, 1),
  r('3号2单元 王姐 1份', '3栋2单元', '3号2单元', '王姐', null, 1),
  r('2单元 小李 1份', '2单元', '2单元', '小李', null, 1),
  // lettered buildings
  r('B座1203 老赵 1份', 'B-1203', 'B座1203', '老赵', null, 1),
  r('A栋1503 王 1份', 'A-1503', 'A栋1503', '王', null, 1),
  r('b座1203 王 1份', 'B-1203', 'b座1203', '王', null, 1),
  // a bare room
  r('1701 王姐 2份', '1701', '1701', '王姐', null, 2),
  r('王姐 1701室 2份', '1701', '1701室', '王姐', null, 2),
  r('王姐501 1份', '501', '501', '王姐', null, 1),
  r('王姐 1701 包子2个', '1701', '1701', '王姐', '包子', 2),
  r('小李 302房 鸡蛋1盒', '302', '302房', '小李', '鸡蛋', 1),
  r('1205号 陈 2份', '1205', '1205号', '陈', null, 2),
  // beside a phone number, a date or a time
  r('李四 138-1234-5678 3-501 1份', '3-501', '3-501', '李四', null, 1),
  r('张三 13812345678 5栋1201 2份', '5-1201', '5栋1201', '张三', null, 2),
  r('12月3号 5栋1201 小王 1份', '5-1201', '5栋1201', '小王'),
  r('3月1号 1201 小王 1份', '1201', '1201', '小王'),
  r('小王 周三3号 2栋502 1份', '2-502', '2栋502', '小王'),
  r('3栋1701 王姐 10:30自提 2份', '3-1701', '3栋1701', '王姐'),
];

// Lines that hold no room: dates and times, quantities, prices, pack specs, phone numbers,
// nicknames with digits, floors.
const NO_ROOMS: string[] = [
  '张三 3号',
  '3号 2份',
  '6.9号 王姐 2份',
  '3/4 已返校',
  '10:30 2份',
  '和尚 7-10，补觉',
  'forever 7.50-9.20 早餐',
  '10:30-11:30 自提 2份',
  '周六8点半 1份',
  '张三 5月1日',
  '张三 2024-05-01',
  '2024年 3份',
  '3月1号 2份',
  '周三3号 2份',
  '两盒',
  '小王 3斤',
  '十个',
  '外加一个彩蛋',
  '32元',
  '¥199 1份',
  '￥ 199 1份',
  '199.9元 1份',
  '200 元 1份',
  '满100减20 1份',
  '可乐500ml 2瓶',
  '可乐600ml*24瓶',
  '张三 13812345678 2份',
  '138 1234 5678 2份',
  '小屿77',
  'Alice alice123',
  '2楼 王姐 1份',
  '二楼王姐 1份',
  '一号店 2份',
  '第二单元 2份',
  '3号线 2份',
  '小王 x100',
  '3瓶装 1份',
  '大米100斤',
  '猪肉 300 克',
  '王梓涵 140码 校服1套',
  '第3单元 复习 1份',
  // 3# alone is a size (3#鞋) as often as a building: only 3#501 is read.
  '小王 3# 1份',
  // 两 counts; buildings are named with 二.
  '两栋 1份',
  // Not one number: 一二 is two digits in a row.
  '一二栋 1份',
];

const score = { room: 0, entry: 0, none: 0, entryNone: 0 };

function readAlone(line: string): { normal: string; raw: string } | null {
  return readRoom(new Work(toHalfWidth(line)));
}

describe('readRoom: rooms as residents type them', () => {
  it.each(ROOMS)('$line → $room', (row) => {
    const got = readAlone(row.line);
    expect(got).toEqual({ normal: row.room, raw: row.raw });
    score.room++;
  });

  it('leaves the rest of the line as it was', () => {
    const work = new Work('十二栋302 小张 鸡蛋2盒');
    readRoom(work);
    expect(work.text).toBe('       小张 鸡蛋2盒');
  });
});

describe('parseEntryText: the room, and the name and product around it', () => {
  it.each(ROOMS)('$line → $room', (row) => {
    const e = parseEntryText(row.line);
    expect({ room: e.room, roomRaw: e.roomRaw, name: e.name }).toEqual({ room: row.room, roomRaw: row.raw, name: row.name });
    if (row.product !== undefined) expect(e.items[0]!.product).toBe(row.product);
    if (row.qty !== undefined) expect(e.items[0]!.qty).toBe(row.qty);
    score.entry++;
  });

});

describe('no room', () => {
  it.each(NO_ROOMS)('%s', (line) => {
    expect(readAlone(line)).toBeNull();
    score.none++;
    expect(parseEntryText(line).room).toBeNull();
    score.entryNone++;
  });
});

afterAll(() => {
  const rooms = ROOMS.length;
  console.log(
    `room score: readRoom ${score.room}/${rooms} rooms, ${score.none}/${NO_ROOMS.length} non-rooms; ` +
      `whole entry ${score.entry}/${rooms} rooms, ` +
      `${score.entryNone}/${NO_ROOMS.length} non-rooms`,
  );
});
