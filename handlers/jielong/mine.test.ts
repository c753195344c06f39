import { describe, expect, it } from 'vitest';
import { asksOwnOrders } from './mine.ts';

describe('asking for one’s own 接龙 lines', () => {
  it('is a short question about what they signed up for, not one about delivery or a problem', () => {
    for (const t of ['我的订单', '我买了几份来着', '我接龙了什么', '查一下我的订单', '我订的是什么']) expect(asksOwnOrders(t)).toBe(true);
    for (const t of ['我的订单怎么还没到', '我的订单为什么少了', '我的订单什么时候送', '我买了几份但没收到', '今天天气不错']) expect(asksOwnOrders(t)).toBe(false);
  });
});
