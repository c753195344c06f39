import { describe, expect, it } from 'vitest';
import type { ChatModel } from '../../prompts/model.ts';
import type { MemberRecord } from '../../store/schema.ts';
import { TEMPLATE_VARIANTS, type RecallFacts } from './compose.ts';
import { recallWriter } from './write.ts';

const catalog = [
  { id: 'oil', name: '亚麻籽油', aliases: [], category: '粮油', price: 58, unit: '瓶', onSale: true },
  { id: 'rice', name: '东北大米', aliases: ['大米'], category: '粮油', price: 69, unit: '袋', onSale: true },
];
const person = (id: string, name: string): MemberRecord => ({ id, name, aliases: {}, groups: [], groupsEver: [], firstSeenAt: 0, lastSeenAt: 0 });
const members = { w: person('w', '王阿姨'), l: person('l', '小李') };
const facts: RecallFacts = {
  name: '王阿姨', bought: '亚麻籽油', open: { title: '周末粮油团', product: '亚麻籽油', price: 58, unit: '瓶' },
  stream: { title: '粮油专场', when: '11月25日（周三）20:00', category: '粮油', reserve: '预约 2' },
  reward: { name: '抽纸', cost: 30, balance: 24 }, offer: '回归福利：满 50 减 5。',
};
const says = (text: string): ChatModel => ({ complete: async () => text });
const write = async (text: string, f: RecallFacts = facts, sent: string[] = []) => (await recallWriter(says(text), { bot: '邻里小助手', catalog, members }).write(f, 's', new Set(sent)))!;

describe('the recall text check', () => {
  it('keeps a text that only repeats the facts', async () => {
    const text = '王阿姨，好久不见～周末粮油团有亚麻籽油 58元/瓶；11月25日（周三）20:00粮油专场，回复“预约 2”就能预约。你有24分，再攒6分能换抽纸。回归福利：满 50 减 5。';
    expect(await write(text)).toEqual({ text: `${text}\n不想再收到这类消息，回复「退订」就好。`, by: 'model' });
  });

  it.each([
    ['王阿姨，亚麻籽油今天48元一瓶～', 'number 48 not in the facts'],
    ['王阿姨，11月26日有直播哦～', 'number 26 not in the facts'],
    ['王阿姨，这周亚麻籽油八折～', 'offer word 八折 not in the facts'],
    ['王阿姨，回来就包邮～', 'offer word 包邮 not in the facts'],
    ['王阿姨，东北大米也不错～', 'names a product not retrieved: rice'],
    ['王阿姨，小李也在等你呢～', 'names a member'],
    ['好久不见～', 'does not name the member'],
  ])('falls back on %s', async (text, reason) => {
    const out = await write(text);
    expect(out).toMatchObject({ by: 'template', reason });
    expect(out.text).toContain('王阿姨');
  });

  it('an offer word the facts hold is fine; without an offer in the facts it is not', async () => {
    expect((await write('王阿姨，回归福利：满 50 减 5。')).by).toBe('model');
    const { offer: _, ...noOffer } = facts;
    expect(await write('王阿姨，回归福利：满 50 减 5。', noOffer)).toMatchObject({ by: 'template' });
  });

  it('a text sent to the member before falls back, and the template avoids every earlier text too', async () => {
    const first = await write('王阿姨，好久不见～回归福利：满 50 减 5。');
    const again = await write('王阿姨，好久不见～回归福利：满 50 减 5。', facts, [first.text]);
    expect(again).toMatchObject({ by: 'template', reason: 'sent to the member before' });
    expect(again.text).not.toBe(first.text);
    const third = await write('王阿姨，好久不见～回归福利：满 50 减 5。', facts, [first.text, again.text]);
    expect([first.text, again.text]).not.toContain(third.text);
  });

  it('when every text has been sent before, nothing is written (no repeat, no DM)', async () => {
    const writer = recallWriter(undefined, { bot: 'b', catalog, members });
    const sent = new Set<string>();
    for (let i = 0; i < TEMPLATE_VARIANTS; i++) {
      const out = await writer.write(facts, 's', sent);
      expect(sent.has(out!.text)).toBe(false);
      sent.add(out!.text);
    }
    expect(await writer.write(facts, 's', sent)).toBeUndefined();
  });

  it('a model error falls back', async () => {
    const failing: ChatModel = { complete: async () => { throw new Error('timeout'); } };
    expect(await recallWriter(failing, { bot: 'b', catalog, members }).write(facts, 's', new Set())).toMatchObject({ by: 'template', reason: 'model call failed: timeout' });
  });
});
