import type { Product } from '../../store/schema.ts';
import type { Facts } from './template.ts';
import type { LiveFact } from './live.ts';
import { zonedParts } from '../../scheduler/clock.ts';
import { formatWhen } from '../../scheduler/when.ts';
import { moneyIn, yuan } from '../../text/money.ts';
import { numbersIn } from '../../text/numerals.ts';

// The facts a model may use, as the text it is shown, and the numbers that text holds:
// an answer may only repeat those numbers (store facts, never the model's own).

export interface ModelFacts {
  text: string;
  /** Every number in the facts, normalised ("39.9", "500"). */
  numbers: Set<string>;
  /** Numbers the facts give as money (followed by 元/块). */
  money: Set<string>;
}

export function modelFacts(facts: Facts): ModelFacts {
  const today = zonedParts(facts.now, facts.tz);
  const lines = [`今天是${today.month}月${today.day}日，现在${formatWhen(facts.now, facts.now, facts.tz).replace(/^今天/, '')}`];
  facts.products.forEach((p, i) => lines.push(...productLines(p, i + 1, facts.live?.get(p.id))));
  for (const j of facts.jielongs) {
    lines.push(j.cutoffAt === undefined
      ? `接龙「${j.title}」正在进行，截止时间未定`
      : `接龙「${j.title}」${j.cutoffAt > facts.now ? '截止' : '已截止于'} ${formatWhen(j.cutoffAt, facts.now, facts.tz)}`);
  }
  for (const o of facts.offers ?? []) lines.push(`接龙「${o.title}」里的${o.name}：${yuan(o.price, o.unit ?? '份')}`);
  const text = lines.join('\n');
  return { text, numbers: numbersIn(text), money: moneyIn(text) };
}

function productLines(p: Product, n: number, live?: LiveFact): string[] {
  const left = live?.left ?? p.stock;
  const stock = !p.onSale ? '已下架' : left === null ? '货源充足（不限量）' : left === undefined ? undefined : left === 0 ? '已售完' : `还剩${left}${p.unit ?? '份'}`;
  const price = p.price === undefined ? undefined : live?.offer
    ? `接龙「${live.offer.title}」里${yuan(live.offer.price, live.offer.unit ?? p.unit)}（这是现在的价格；原价${yuan(p.price, p.unit)}）`
    : yuan(p.price, p.unit);
  const fields: Array<[string, string | undefined]> = [
    ['别名', p.aliases.join('、') || undefined],
    ['分类', p.category],
    ['价格', price],
    ['规格', p.spec],
    ['产地', p.origin],
    ['库存', stock],
    ['在售', p.onSale ? '是' : '否（已下架）'],
    ['介绍', p.description],
    ['认证', p.certifications?.length ? p.certifications.join('、') : undefined],
    ['保存', p.storage],
    ['吃法', p.usage],
  ];
  return [
    `商品${n}：${p.name}`,
    ...fields.filter(([, v]) => v !== undefined).map(([k, v]) => `- ${k}：${v}`),
    ...(p.faq ?? []).map((f) => `- 问答：问“${f.q}” 答“${f.a}”`),
  ];
}

