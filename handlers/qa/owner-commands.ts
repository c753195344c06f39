import type { Command } from '../../bot/commands.ts';
import { groupQuestions, openQuestions, questionKey, questionLine } from './owner-queue.ts';
import { addFaq } from '../catalog/index.ts';

// /问题 lists what residents are waiting on; /答 answers one: the resident hears it where
// they asked (in the group with an @mention, or by DM), and the owner is offered the line
// that saves it as a FAQ so the bot answers it next time.

const LIST_MAX = 20;
const ANSWER_USAGE = '/答 <编号> <答案>';

export const questionsCommand: Command = {
  name: '问题', ownerOnly: true, usage: '/问题', summary: '看看邻居等你回答的问题',
  run(ctx) {
    const { store, clock } = ctx.services;
    const open = groupQuestions(openQuestions(store.data));
    if (open.length === 0) return void ctx.reply('现在没有等你回答的问题～');
    const shown = open.slice(0, LIST_MAX);
    // Seen here, so the next batched DM need not repeat them.
    for (const g of shown) for (const q of g.all) q.notifiedAt ??= clock.now();
    store.changed();
    ctx.reply([
      `等你回答的问题（${open.length} 个）：`,
      ...shown.map((g) => questionLine(g.first, g.all.length)),
      ...(open.length > LIST_MAX ? [`…还有 ${open.length - LIST_MAX} 个，先回答上面的吧`] : []),
      `回答：${ANSWER_USAGE}`,
    ].join('\n'));
  },
};

export const answerCommand: Command = {
  name: '答', aliases: ['回答'], ownerOnly: true, usage: ANSWER_USAGE, summary: '回答邻居的问题，我替你转告',
  run(ctx, args) {
    const m = /^#?(\d+)\s+([\s\S]+)$/.exec(args);
    const answer = m?.[2]?.trim();
    if (!m || !answer) return void ctx.reply(`格式不太对，这样发：${ANSWER_USAGE}，比如 /答 3 有的，明天到货。发 /问题 看编号。`);
    const { store, outbox, clock } = ctx.services;
    const q = store.data.qa.questions[String(Number(m[1]))];
    if (!q) return void ctx.reply(`没有第 ${m[1]} 个问题。发 /问题 看看等你回答的有哪些。`);
    if (q.status === 'answered') return void ctx.reply(`第 ${q.no} 个问题已经回答过了（${q.answer}）。`);
    // Everyone who asked the same thing and still waits hears the answer.
    const key = questionKey(q);
    const same = [q, ...openQuestions(store.data).filter((o) => o !== q && questionKey(o) === key)];
    const at = clock.now();
    for (const r of same) {
      const text = `你问的“${short(r.text)}”，团长回复：${answer}`;
      const outKey = `qa-answer:${r.no}`;
      if (r.group) outbox.enqueue({ key: outKey, to: { kind: 'group', group: r.group }, text, mentions: [r.member] });
      else outbox.enqueue({ key: outKey, to: { kind: 'dm', member: r.member }, text, purpose: 'requested' });
      r.status = 'answered';
      r.answer = answer;
      r.answeredAt = at;
      store.log.append({ kind: 'question-answered', id: `qa-answer:${r.no}`, at, no: r.no, member: r.member, group: r.group ?? null, productIds: r.productIds });
    }
    store.changed();
    const told = [...new Set(same.map((r) => `${r.member.name}${r.group ? `（${r.group.name}）` : ''}`))].join('、');
    // Kept as the product's FAQ: asked again, the bot answers in the owner's words.
    const product = q.productIds.length === 1 ? store.data.catalog.find((p) => p.id === q.productIds[0]) : undefined;
    const asked = q.text.replace(/[|｜\n]/g, ' ').trim();
    const saved = product ? addFaq(store.data.catalog, product.id, { q: asked, a: answer }) : undefined;
    if (!product || !saved || 'error' in saved) return void ctx.reply(`已转告${told}。`);
    store.data.catalog = saved.catalog;
    store.changed();
    store.log.append({ kind: 'catalog', change: 'faq', id: `catalog:${ctx.event.id}`, at, by: { id: ctx.member.id, name: ctx.member.name }, productId: product.id });
    const line = `/商品 问答 ${product.name} ${asked}|`;
    ctx.reply(`已转告${told}，也记成了「${product.name}」的问答，下次有人这么问我直接回答～\n要改：${line}新的答案\n不要了：${line}删除`);
  },
};

function short(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}
