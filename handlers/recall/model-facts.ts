import type { ModelFacts } from '../qa/index.ts';
import { numbersIn } from '../../text/numerals.ts';
import type { RecallFacts } from './compose.ts';
import { moneyIn, yuan } from '../../text/money.ts';

// One member's recall facts as the text the model is shown, and the numbers in it: the
// model's text may repeat those numbers and no others (the product-answer check reads them).

export function recallModelFacts(f: RecallFacts): ModelFacts {
  const lines = [`称呼：${f.name}`];
  if (f.bought) lines.push(`以前买过：${f.bought}`);
  if (f.asked) {
    const stock = f.askedInStock ? `，现在有货${f.askedInStock.price !== undefined ? ` ${yuan(f.askedInStock.price, f.askedInStock.unit)}` : ''}` : '';
    lines.push(`以前问过：${f.asked}${stock}`);
  }
  if (f.open) {
    const what = f.open.product ? `，有${f.open.product}${f.open.price !== undefined ? ` ${yuan(f.open.price, f.open.unit)}` : ''}` : '';
    lines.push(`群里正在接龙：「${f.open.title}」${what}，在群里接一下就能买`);
  }
  if (f.stream) lines.push(`下一场合TA口味的直播：${f.stream.when}「${f.stream.title}」，有TA喜欢的${f.stream.category}，回复“${f.stream.reserve}”就能预约`);
  if (f.reward) {
    lines.push(f.reward.balance >= f.reward.cost
      ? `积分：TA有 ${f.reward.balance} 分，已经够换「${f.reward.name}」（要 ${f.reward.cost} 分），发“兑换 ${f.reward.name}”就行`
      : `积分：TA有 ${f.reward.balance} 分，「${f.reward.name}」要 ${f.reward.cost} 分，还差 ${f.reward.cost - f.reward.balance} 分，每天签到能攒`);
  }
  if (f.offer) lines.push(`回归福利（要提就一字不改地照抄）：${f.offer}`);
  const text = lines.join('\n');
  return { text, numbers: numbersIn(text), money: moneyIn(text) };
}
