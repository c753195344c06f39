// What a product question asks for, read from the words around the product's name.
// Pure: the text given should have the product names blanked out (有机小米 is a name,
// not a question about 有机).

export type Intent =
  | 'price' | 'spec' | 'origin' | 'cert' | 'stock' | 'deadline' | 'arrival' | 'storage' | 'usage' | 'describe';

/** In the order an answer covers them. */
export const INTENT_ORDER: readonly Intent[] = ['price', 'spec', 'origin', 'cert', 'stock', 'deadline', 'arrival', 'storage', 'usage', 'describe'];

const PATTERNS: Record<Intent, RegExp> = {
  price: /多少钱|几块|几元|几毛|价格|价钱|价位|多钱|怎么卖|咋卖|怎么算|贵不贵|贵吗|贵么|便宜|单价|什么价|啥价|多少一|售价|优惠|打折/,
  spec: /规格|多大|多重|多沉|几斤|多少斤|多少克|几克|几两|多少毫升|几毫升|多少ml|容量|重量|净含量|几个装|几枚|多少枚|多少个|几个|装多少|一箱几|一盒几|一袋几|几瓶/,
  origin: /哪里产|哪产|产地|哪里的|哪儿的|哪的|产自|哪里来|哪来的|原产|什么地方|哪个地方|哪个省|产的吗|本地的|进口/,
  cert: /有机|认证|绿色食品|无公害|证书|检测|质检|检验|正宗|真的|假的|农残|农药|溯源|地理标志|添加剂|防腐剂|转基因/,
  stock: /还有吗|还有没|还有么|还有嘛|还有多少|还剩|剩多少|剩几|有货|没货|缺货|库存|卖完|售罄|断货|抢完|还能买|还能订|能买吗|能订吗|还有/,
  deadline: /截止|截单|结束|几点前|还能接|接龙到|什么时候买|啥时候买|什么时候能买|什么时候团|开团/,
  arrival: /到货|发货|送货|配送|什么时候到|啥时候到|几号到|哪天到|多久到|到了吗|到了没|送到|自提|提货|取货|什么时候有|啥时候有|补货/,
  storage: /怎么放|怎么存|保存|储存|存放|冷藏|冷冻|冰箱|保质期|放多久|放几天|能放|过期|变质|放坏/,
  usage: /怎么喝|怎么熬|怎么冲|怎么吃|怎么做|怎么用|怎么弄|吃法|做法|用法|怎么煮|怎么炒|怎么泡|怎么蒸|能炒|能煮|能蒸|能生吃|适合|孩子|小孩|宝宝|老人|孕妇|一次吃/,
  describe: /怎么样|咋样|好吃|好喝|好用|好不好|甜不甜|甜吗|酸吗|新鲜|值得|介绍|是什么|口感|味道/,
};

/** A generic "when": the cut-off when nothing says it is about delivery. */
const WHEN = /什么时候|啥时候|几点|哪天|几号|何时|多久/;

export function intentsOf(text: string): Intent[] {
  const found = INTENT_ORDER.filter((i) => PATTERNS[i].test(text));
  if (!found.includes('deadline') && !found.includes('arrival') && WHEN.test(text)) found.push('deadline');
  // "还有" inside "还有机的吗" or next to a price question is not a stock question.
  if (found.includes('stock') && found.length > 1 && !/还有吗|还有没|还有么|还有嘛|还有多少|还剩|剩|有货|没货|缺货|库存|卖完|售罄|断货|抢完|还能/.test(text)) {
    found.splice(found.indexOf('stock'), 1);
  }
  return INTENT_ORDER.filter((i) => found.includes(i));
}

/** What a missing answer is called when the bot says it will ask the owner. */
export const TOPIC: Record<Intent, string> = {
  price: '价格', spec: '规格', origin: '产地', cert: '认证情况', stock: '库存', deadline: '截止时间',
  arrival: '到货时间', storage: '保存方法', usage: '吃法', describe: '详细情况',
};

const ALL_INTENT_WORDS = new RegExp([...Object.values(PATTERNS), WHEN].map((r) => r.source).join('|'), 'g');

/** The text without the words that say what is asked (what is left names the subject). */
export function withoutIntentWords(text: string): string {
  return text.replace(ALL_INTENT_WORDS, ' ');
}
