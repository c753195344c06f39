import type { Command } from '../commands.ts';
import { openQuestions, questionLine } from './owner-queue.ts';

// /问题 lists what residents are waiting on; /答 answers one: the resident hears it where
// they asked (in the group with an @mention, or by DM), and the owner is offered the line
// that saves it as a FAQ so the bot answers it next time.

const LIST_MAX = 20;
const ANSWER_USAGE = '/答 <编号> <答案>';

export const questionsCommand: Command = {
  name: '问题', ownerOnly: true, usage: '/问题', summary: '看看邻居等你回答的问题',
  run(ctx) {
    const { store, clock } = ctx.services;
    const open = openQuestions(store.data);
    if (open.length === 0) return void ctx.reply('现在没有等你回答的问题～');
    const shown = open.slice(0, LIST_MAX);
    // Seen here, so the next batched DM need not repeat them.
    for (const q of shown) q.notifiedAt ??= clock.now();
    store.changed();
    ctx.reply([
      `等你回答的问题（${open.length} 个）：`,
      ...shown.map(questionLine),
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
    const text = `你问的“${short(q.text)}”，团长回复：${answer}`;
    const key = `qa-answer:${q.no}`;
    if (q.group) outbox.enqueue({ key, to: { kind: 'group', group: q.group }, text, mentions: [q.member] });
    else outbox.enqueue({ key, to: { kind: 'dm', member: q.member }, text, purpose: 'requested' });
    q.status = 'answered';
    q.answer = answer;
    q.answeredAt = clock.now();
    store.changed();
    store.log.append({ kind: 'question-answered', id: `qa-answer:${q.no}`, at: q.answeredAt, no: q.no, member: q.member, group: q.group ?? null, productIds: q.productIds });
    const product = q.productIds.length === 1 ? store.data.catalog.find((p) => p.id === q.productIds[0]) : undefined;
    const save = `/商品 问答 ${product ? product.name : '<商品名>'} ${q.text.replace(/[|｜\n]/g, ' ')}|${answer}`;
    ctx.reply(`已转告${q.member.name}${q.group ? `（${q.group.name}）` : ''}。要存成常见问答、下次我直接回答，就发：\n${save}`);
  },
};

function short(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}
