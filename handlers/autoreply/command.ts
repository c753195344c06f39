import type { Command } from '../../bot/commands.ts';
import type { Ctx } from '../../bot/context.ts';
import { prepare } from './asking.ts';
import { addedWords } from './match.ts';
import { ADD_EXAMPLE, ADD_USAGE, EDIT_USAGE, parseEdit, parseNewRule, readNo } from './parse.ts';
import { RULE_SEQ, rulesOf, type AutoReplyRule } from './state.ts';

// The owner's /自动回复: quick answers to the questions every shop is asked.

const DELETE_USAGE = '/自动回复 删除 <编号>';

const HELP = [
  '用法：',
  ADD_USAGE,
  `  例如：${ADD_EXAMPLE}`,
  '  关键词用顿号隔开，多写几种说法；也可以写“关键词：运费、邮费 回答：满39元免运费”',
  '/自动回复 列表 — 看所有自动回复和各用了几次',
  EDIT_USAGE,
  DELETE_USAGE,
].join('\n');

/** `productName(k)`: the keyword is a product's name in the catalog (its questions are the catalog's). */
export function autoreplyCommand(productName: (keyword: string) => boolean): Command {
  return {
    name: '自动回复', aliases: ['快捷回复'], ownerOnly: true, usage: '/自动回复 新增|列表|修改|删除 …',
    summary: '常见问题（自提点、运费、送货时间…）的自动回答：群里有人问就回复',
    more: [
      { usage: ADD_USAGE, summary: '新增一条，关键词用顿号隔开', ownerOnly: true },
      { usage: '/自动回复 列表', summary: '所有自动回复和各用了几次', ownerOnly: true },
      { usage: EDIT_USAGE, summary: '改回答或关键词', ownerOnly: true },
      { usage: DELETE_USAGE, summary: '删掉一条', ownerOnly: true },
    ],
    run(ctx, args) {
      const [verb = ''] = args.split(/\s+/, 1);
      const rest = args.slice(verb.length).trim();
      if (verb === '') return list(ctx, true);
      if (['新增', '添加', '新建', '增加', '加'].includes(verb)) return add(ctx, rest, productName);
      if (['列表', '查看', '看看', '全部'].includes(verb)) return list(ctx, false);
      if (['修改', '改', '编辑', '更新'].includes(verb)) return edit(ctx, rest, productName);
      if (['删除', '删', '去掉'].includes(verb)) return remove(ctx, rest);
      ctx.reply(`没有“/自动回复 ${verb}”这个用法。\n${HELP}`);
    },
  };
}

const state = (ctx: Ctx) => ctx.services.store.data.autoreply;
const same = (a: string, b: string) => prepare(a).replace(/\s/g, '') === prepare(b).replace(/\s/g, '');

/** What stops these keywords: one another rule has, or a product's name. */
function keywordConflict(ctx: Ctx, keywords: readonly string[], productName: (k: string) => boolean, except?: number): string | undefined {
  for (const k of keywords) {
    const other = rulesOf(state(ctx)).find((r) => r.no !== except && r.keywords.some((o) => same(o, k)));
    if (other) return `“${k}”已经在第${other.no}条里了。要改那条的回答：/自动回复 修改 ${other.no} 新的回答`;
    if (productName(k)) return `“${k}”是商品的名字，问它的事（价格、到货）我按商品资料回答。这里换个词吧，比如“运费”“自提点”。`;
  }
  return undefined;
}

function add(ctx: Ctx, args: string, productName: (k: string) => boolean): void {
  const parsed = parseNewRule(args);
  if ('error' in parsed) return void ctx.reply(parsed.error);
  const conflict = keywordConflict(ctx, parsed.keywords, productName);
  if (conflict) return void ctx.reply(conflict);
  const { store } = ctx.services;
  const no = store.nextId(RULE_SEQ);
  const rule: AutoReplyRule = { no, keywords: parsed.keywords, answer: parsed.answer, createdAt: ctx.now, createdBy: ctx.member.id, used: 0 };
  state(ctx).rules[no] = rule;
  store.changed();
  const added = [...new Set(parsed.keywords.flatMap(addedWords))].filter((w) => !parsed.keywords.some((k) => same(k, w)));
  ctx.reply([
    `好的，第${no}条自动回复设好了。`,
    `关键词：${parsed.keywords.join('、')}`,
    ...(added.length ? [`（同样的说法也认：${added.slice(0, 8).join('、')}）`] : []),
    `回答：${parsed.answer}`,
    `群里有人问起（比如“${parsed.keywords[0]}？”），我就@他回这段；只是聊天时提到不会回。`,
    `改：/自动回复 修改 ${no} 新的回答　删：/自动回复 删除 ${no}`,
  ].join('\n'));
}

function list(ctx: Ctx, withHelp: boolean): void {
  const rules = rulesOf(state(ctx));
  if (rules.length === 0) return void ctx.reply(`还没有自动回复。\n${HELP}`);
  const lines = [`自动回复（${rules.length}条）：`];
  for (const r of rules) {
    lines.push(`${r.no}. ${r.keywords.join('、')}（${r.used > 0 ? `回答过${r.used}次` : '还没用过'}）`);
    lines.push(`   ${preview(r.answer)}`);
  }
  lines.push(withHelp ? `\n${HELP}` : `修改：/自动回复 修改 <编号> 新的回答　删除：${DELETE_USAGE}`);
  ctx.reply(lines.join('\n'));
}

function preview(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 40)}…` : one;
}

function edit(ctx: Ctx, args: string, productName: (k: string) => boolean): void {
  const parsed = parseEdit(args);
  if ('error' in parsed) return void ctx.reply(parsed.error);
  const rule = state(ctx).rules[parsed.no];
  if (!rule) return void ctx.reply(notFound(ctx, parsed.no));
  if (parsed.keywords) {
    const conflict = keywordConflict(ctx, parsed.keywords, productName, rule.no);
    if (conflict) return void ctx.reply(conflict);
    rule.keywords = parsed.keywords;
  }
  if (parsed.answer !== undefined) rule.answer = parsed.answer;
  rule.updatedAt = ctx.now;
  ctx.services.store.changed();
  ctx.reply(`好的，第${rule.no}条改好了。\n关键词：${rule.keywords.join('、')}\n回答：${rule.answer}`);
}

function remove(ctx: Ctx, args: string): void {
  const words = args.split(/[\s,，、]+/).filter(Boolean);
  const nos = words.map(readNo);
  if (words.length === 0 || nos.some((n) => n === undefined)) {
    return void ctx.reply(`要写上第几条。\n用法：${DELETE_USAGE}\n例如：/自动回复 删除 2（编号看 /自动回复 列表）`);
  }
  const missing = nos.filter((n) => !state(ctx).rules[n!]);
  if (missing.length) return void ctx.reply(notFound(ctx, missing[0]!));
  const gone = [...new Set(nos)].map((n) => state(ctx).rules[n!]!);
  for (const r of gone) delete state(ctx).rules[r.no];
  ctx.services.store.changed();
  ctx.reply(`已删除：${gone.map((r) => `第${r.no}条（${r.keywords.join('、')}）`).join('，')}。`);
}

function notFound(ctx: Ctx, no: number): string {
  const nos = rulesOf(state(ctx)).map((r) => r.no);
  return `没有第${no}条自动回复。${nos.length ? `现有的编号：${nos.join('、')}，发 /自动回复 列表 看看。` : '还没有自动回复。'}`;
}
