import { describe, expect, it } from 'vitest';
import { cutoffReply, isCancelWord, isConfirmWord, previewText, type PendingOpen } from './open-preview.ts';

const NOW = Date.parse('2026-11-21T09:00:00+08:00');
const g1 = { id: 'g1', name: '幸福里1群' };
const g2 = { id: 'g2', name: '幸福里2群' };

describe('answers to a waiting /接龙 开', () => {
  it('确认 and 取消 are the words alone (a trailing 。 or ！ is fine), nothing that merely contains them', () => {
    for (const t of ['确认', '确定', '确认！', ' 确认开团 ', '确认。']) expect(isConfirmWord(t), t).toBe(true);
    for (const t of ['确认一下', '我确认过了', '好的', '确认收货', '不确定']) expect(isConfirmWord(t), t).toBe(false);
    for (const t of ['取消', '不开了', '算了', '取消开团']) expect(isCancelWord(t), t).toBe(true);
    for (const t of ['取消订单', '我要取消']) expect(isCancelWord(t), t).toBe(false);
    expect(cutoffReply('截止 今晚8点')).toBe('今晚8点');
    expect(cutoffReply('截止：明天18:00')).toBe('明天18:00');
    expect(cutoffReply('今晚截止吗')).toBeNull();
  });
});

describe('the preview', () => {
  const pending: PendingOpen = {
    args: '周六团 小米', request: { title: '周六团', offer: [{ name: '有机小米', price: 29.8, unit: '袋', stock: null, perPerson: null }] },
    groups: [g1, g2], at: NOW, expiresAt: NOW + 30 * 60_000,
  };

  it('leaves out the groups where the title is already open, and says so', () => {
    const text = previewText(pending, [g2], NOW, 'Asia/Shanghai');
    expect(text).toContain('发到：幸福里1群（共1个群）');
    expect(text).toContain('幸福里2群里「周六团」已经在进行中，不会重复开。');
  });

  it('without products says anything goes', () => {
    const text = previewText({ ...pending, request: { title: '随便团', offer: [] } }, [], NOW, 'Asia/Shanghai');
    expect(text).toContain('商品：没写商品，大家写什么就记什么');
    expect(text).toContain('⚠️ 没有截止时间');
  });
});
