// What no model-written text may say to a resident, whatever the facts: the one safety check
// shared by product answers (handlers/qa/check.ts) and recall texts (handlers/recall/write.ts,
// through that check). Pure, no imports: a neutral place both features can use.
//
// Some rules yield to the facts: a link, a contact, an offer word, a health word, another
// shop's name or a reply instruction the facts hold word for word is the shop's own (the
// template would say it too). Claims of action, insults and raw HTML / markdown links are
// never the shop's. A text that breaks a rule is not sent; the caller uses its template.

export type SafetyRule = 'link' | 'contact' | 'offer' | 'action' | 'health' | 'insult' | 'competitor' | 'command' | 'markup';

export interface SafetyIssue {
  rule: SafetyRule;
  /** The words that broke it, as found in the (normalised) text. */
  found: string;
  /** For the log. */
  reason: string;
}

export type SafetyVerdict = { ok: true } | { ok: false; issues: SafetyIssue[]; reason: string };

interface Rule {
  rule: SafetyRule;
  /** Whether the facts may hold it (then it is the shop's own words, not the model's). */
  factsMayHold: boolean;
  patterns: RegExp[];
  reason: (found: string) => string;
}

/** Punctuation and spaces that end a phrase. */
const STOP = ',.!?;:~、。，！？；：…\\s';
const CN_NUM = '零〇一二两三四五六七八九十百千万';
const UNIT = '(?:个|瓶|袋|盒|份|箱|斤|包|罐|支|张|杯|组|只|桶|块|条|枚|克|g|kg|L|ml)';

/** Things the bot could be claimed to have done (no model can do any of them). */
const DONE = [
  '下单', '下好单', '下了单', '登记', '预订', '预定', '订购', '订(?:了|好|上|下)', '预约', '预留', '保留', '留(?:了|好|着|下|出)',
  '加(?:了|上|好|入|进)', '添加', '记(?:下|上|好|录|着)', '报名', '接龙', '安排', '修改', '调整', '改', '备注',
  '发货', '寄出', '发出', '派送', '送出', '送到', '送达', '退款', '退(?:了|好|掉|回)', '取消(?:了|掉|好)', '扣(?:了|掉|款|除)',
  '充值', '发放', '通知', '转告', '告诉团长', '反馈', '提交', '处理', '办理', '锁定', '锁(?:了|好)', '申请', '设置', '删除',
  '删(?:了|掉)', '兑换(?:了|好)', '更新', '确认', '核实', '问问', '问一下', '问下', '去问', '打听', '联系',
].join('|');
const BY = '(?:帮|给|为|替)';
const YOU = '(?:你|您)';
/** "把…" between the subject and the verb: 已经把价格改成… */
const BA = `(?:把[^${STOP}]{0,12}?)?`;

const RULES: Rule[] = [
  {
    rule: 'markup', factsMayHold: false, reason: (f) => `raw HTML or markdown: ${f}`,
    patterns: [
      /<\s*\/?\s*[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi,
      /!?\[[^\]\n]*\]\([^)\n]*\)/g,
      /&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi,
      /\[\/?(?:url|img|link)[^\]]*\]/gi,
      /javascript:|data:text\/html|\bon(?:click|error|load)\s*=/gi,
    ],
  },
  {
    rule: 'link', factsMayHold: true, reason: (f) => `link ${f} not in the facts`,
    patterns: [
      /\b(?:https?|ftp):\/\/[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+/gi,
      /\bwww\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[A-Za-z0-9\-._~/?#=&%]*/gi,
      /\b[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|top|xyz|cc|io|me|vip|shop|info|link|club|site|online|ltd|app|tk|ly|gl|tv|wang|ink|fun|icu|live|store|co|biz|pro|asia|hk)\b(?:\/[A-Za-z0-9\-._~/?#=&%]*)?/gi,
      /[点。.]\s*(?:com|cn|net|top|vip|cc)(?![a-z])/gi,
      /小程序:\/\/|#小程序/g,
      /[¥$][A-Za-z0-9]{8,}[¥$]/g,
      /链接|网址|网站|网页|点击|扫码|扫一扫|二维码|长按识别/g,
    ],
  },
  {
    rule: 'contact', factsMayHold: true, reason: (f) => `contact ${f} not in the facts`,
    patterns: [
      /(?<!\d)1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g,
      /(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)/g,
      /(?<!\d)[48]00[\s-]?\d{3}[\s-]?\d{4}(?!\d)/g,
      /[零〇一二三四五六七八九幺]{7,}/g,
      /(?:微信|薇信|威信|徽信|v信|vx|wx|weixin|wechat)(?:号|id)?\s*[:是为]?\s*[A-Za-z][-_A-Za-z0-9]{5,19}/gi,
      /\bwxid_[A-Za-z0-9_-]+/gi,
      /微信号|vx号|wx号/gi,
      /加\s*(?:我|本人|小编|客服|团长|老板|店主|群主|管理员|助手)?\s*的?\s*(?:微信|薇信|威信|v信|vx|wx|qq|扣扣|企微|企业微信|好友|v(?![a-z])|微(?![波量辣甜咸热凉火]))/gi,
      /加\s*我(?!们)/g,
      /\+\s*(?:vx|wx|v|微信|微|qq|q)(?![a-z0-9])/gi,
      /(?:qq|扣扣|企鹅)\s*(?:号|群)?\s*[:是为]?\s*\d{5,12}/gi,
      /qq|扣扣/gi,
      /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
      /(?:联系|客服|售后)(?:电话|微信|方式|热线|号码|qq)|(?:电话|手机|手机号|热线|座机)\s*[:是]?\s*\d|拨打|致电|打(?:我|团长|客服)?电话/gi,
      /私(?:聊|信|戳)\s*(?:我|小编|客服|本人|管理员)(?!们)/g,
      /公众号|抖音号|快手号|小红书号|视频号|微博号/g,
    ],
  },
  {
    rule: 'offer', factsMayHold: true, reason: (f) => `offer word ${f} not in the facts`,
    patterns: [
      /免费|白送|白拿|不要钱|零元购|0元购|(?<![\d.])0\s*元|一分钱|免单/g,
      /[买满随加附另]?赠(?:送|品|礼)?/g,
      new RegExp(`买[^${STOP}]{0,6}?送(?!货|到|达|上门|过去|来|去|的)`, 'g'),
      new RegExp(`[加多再另附倒]送|送(?:你|您|给你|给您|大家)(?!的)|随单送|送[${CN_NUM}\\d]+\\s*${UNIT}|(?:送|领|抽)(?:个|份)?(?:礼品|礼物|小样|赠品|红包|券|优惠券|积分)`, 'gi'),
      new RegExp(`(?:打[个点几]?[${CN_NUM}\\d.]*|[${CN_NUM}\\d.]+)\\s*折|折扣|折上折|几折|折后|折价`, 'g'),
      new RegExp(`满[^${STOP}]{0,8}?减|立减|直减|减价|减免|满减|减[\\d${CN_NUM}]+|降价|让利|立省|省[\\d${CN_NUM}]+\\s*(?:元|块)`, 'g'),
      /优惠|特价|特惠|半价|秒杀|抢购价|清仓|甩卖|跳楼价|最低价|全网最低|历史最低|底价|红包|券|返现|返利|返积分|包邮|免运费|运费全免|福利|小礼品|小礼物|赠礼|抽奖|中奖|捡漏|团长价|内部价|会员价|出厂价|批发价|成本价|积分翻倍|双倍积分|多倍积分/g,
      /第二(?:件|份|瓶|袋|盒|箱)/g,
    ],
  },
  {
    rule: 'action', factsMayHold: false, reason: (f) => `claims an action: ${f}`,
    patterns: [
      new RegExp(`已(?:经)?\\s*(?:${BY}\\s*(?:${YOU}|大家)?)?\\s*${BA}\\s*(?:都|先|也)?\\s*(?:${DONE})`, 'g'),
      new RegExp(`已(?:经)?\\s*${BY}\\s*${YOU}`, 'g'),
      new RegExp(`${BY}\\s*${YOU}\\s*${BA}\\s*(?:都|先|再|去|马上|这就|已经|已|立刻|尽快|把)?\\s*(?:${DONE})`, 'g'),
      new RegExp(`(?:我|俺|小助手|本助手)(?!们)\\s*(?:已经|已|刚刚|刚才|刚|这就|马上|立刻|立即|现在就|这边|先|去|来|会|就|帮|给|替|为|你|您|都|也)*\\s*(?:${DONE})`, 'g'),
      new RegExp(`(?:马上|这就|立刻|立即|现在就|稍后|待会儿?|等下|随后)\\s*就?\\s*${BY}?\\s*${YOU}?\\s*${BA}\\s*(?:${DONE})`, 'g'),
      /(?:下单|预约|登记|报名|兑换|修改|支付|付款|退款|预订|接龙|提交|办理|充值|领取|锁定)成功/g,
      /(?:登记|记|留|订|预约|安排|改|加|报名|备注|处理|办|弄|搞|锁|预留|下单)(?:好|上)了|记下了|留下了|搞定|办妥/g,
      /(?:你|您)的订单|订单(?:已经?|已)?(?:提交|确认|生成|完成|成功)/g,
    ],
  },
  {
    rule: 'health', factsMayHold: true, reason: (f) => `health claim ${f} not in the facts`,
    patterns: [
      new RegExp(`(?:能|可以|可|专|包|根|防|医)?(?<![明政自整统法])治(?![理安国])(?:疗|愈|好|病)?[^${STOP}]{0,4}`, 'g'),
      /疗效|疗程|药效|药用|药性|入药|当药|代替药|替代药|吃药|停药|药物|包治|偏方|药到病除|处方|医生(?:说|推荐|建议)|医院/g,
      /降(?:血)?压|降血糖|降血脂|降糖|降脂|降三高|三高|高血压|高血糖|高血脂|糖尿病|抗癌|防癌|癌|肿瘤|抗衰老|抗氧化|消炎|排毒|清肠|通便|壮阳|补肾|益肾|减肥|瘦身|燃脂|刮油/g,
      /(?:增强|提高|提升)免疫|免疫力|延年益寿|长寿(?!面)|保健(?:功效|作用)|功效|养胃|护胃|润肺|补血|补气|补钙|补脑|益智|增高|长高|安神|助眠|失眠|去火|降火|清热解毒|养颜|美容|明目|护肝|养肝|软化血管|心脑血管|胆固醇|调理|治本/g,
      new RegExp(`预防[^${STOP}]{0,6}?(?:病|癌|症|炎)`, 'g'),
    ],
  },
  {
    rule: 'insult', factsMayHold: false, reason: (f) => `insult: ${f}`,
    patterns: [
      /(?<!傻)傻(?!傻)|煞笔|沙雕|(?<![a-z])sb(?![a-z])|(?<![a-z])nmsl(?![a-z])|(?<![a-z])cnm(?![a-z])|(?<![a-z])tmd(?![a-z])/gi,
      /蠢|笨蛋|笨(?![鸡蛋])|这都不(?:懂|知道|会)|连这(?:个|点)?都不|白痴|智障|脑残|弱智|神经病|有病吧|你有病|去死|死开|滚(?:蛋|吧|远点|出去|犊子)|给我滚|你滚|滚开(?![的水])|废物|垃圾(?!分类|桶|袋)|他妈|妈的|尼玛|你妈|屌|操你|卧槽/g,
      /穷鬼|穷逼|穷酸|买不起|爱买不买|不买拉倒|嫌贵(?:就)?别买|穷就别|事儿?真多|事儿多|你事多|事儿精|烦死|烦不烦|别烦|懒得理|闭嘴|没脑子|猪脑|二百五|丑八怪|(?<![a-z])loser(?![a-z])|屁话|放屁|你算老几|关你屁事|管得着吗|眼瞎|瞎了|看不懂字|贱/gi,
      /自己(?:不会)?看(?:吧|去)|问这么多|啰嗦|烦人/g,
    ],
  },
  {
    rule: 'competitor', factsMayHold: true, reason: (f) => `names a competitor or a price elsewhere: ${f}`,
    patterns: [
      /美团|多多买菜|拼多多|淘宝|天猫|京东|盒马|叮咚|朴朴|兴盛优选|橙心优选|十荟团|每日优鲜|永辉|沃尔玛|山姆|家乐福|大润发|物美(?!价廉)|华润万家|饿了么|抖音|快手(?!菜)|小红书|闲鱼|唯品会|苏宁|costco|钱大妈/gi,
      /菜市场|农贸市场|市场价|市场上|超市|菜场|别家|别的店|别人家|其[他它]店|别的团|其[他它]团|别的平台|其[他它]平台|隔壁(?:团|店|群)|外面(?:卖|买|的价|价|要|都)|网上(?:买|卖|价|搜|都|的价)|别处|(?:别的|其[他它])地方(?:买|卖)|专柜价|旗舰店|同行/g,
      new RegExp(`比(?!较)[^${STOP}]{1,8}?(?:便宜|划算|实惠|贵|低|省)`, 'g'),
    ],
  },
  {
    rule: 'command', factsMayHold: true, reason: (f) => `tells the resident to send a command: ${f}`,
    patterns: [
      /(?<![^\s,.!?;:~、。，！？；："“”'‘’「」『』()【】<>《》-])\/\s*[A-Za-z\u4e00-\u9fff]+/g,
      /\/\s*(?:商品|答|问题|状态|help|帮助|接龙|积分|奖品|兑换|定时|直播|画像|分层|名单|标签|召回|排行|td|unsubscribe|stop)/gi,
      /退订|取消订阅|退群|退出群聊|退出(?:本|这个|该)?群|取关|取消关注|拉黑|屏蔽|免打扰|删除好友|删好友|(?<![a-z])td(?![a-z])|不想(?:再)?收到|unsubscribe/gi,
      /(?:回复|回|发送|发|输入|打|扣)\s*(?:我|团长|小助手|机器人)?\s*[“"「『'‘《]\s*[^”"」』'’》\n]{1,12}?\s*[”"」』'’》]/g,
      /(?:回复|回|发送|发|输入|扣)\s*(?:我|团长|小助手|机器人)?\s*(?<![a-z])[a-z]{1,10}(?![a-z])/gi,
      /(?:回复|回|发送|输入|扣)\s*\d{1,4}(?![\d.]|\s*(?:元|块|瓶|袋|盒|箱|斤|份|个|点|号|月|日|天))/g,
    ],
  },
];

const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;

/** Full-width to half-width (NFKC), invisible characters removed. */
function normalise(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '');
}

/**
 * Text without spaces, quotes and other punctuation, how a found phrase is looked up in the
 * facts: 回复「预约 2」 is 回复“预约 2”. Marks that make a link, a handle or a command
 * (/ @ . : + # ¥ …) are kept, so "/接龙" is not held by a fact that says 接龙.
 */
function squash(text: string): string {
  return text.toLowerCase().replace(/(?![/@.:+#¥$%&=?_-])[\s\p{P}\p{S}]/gu, '');
}

/** Everything in a model's text no resident may be sent; empty when it is safe. */
export function safetyIssues(text: string, facts = ''): SafetyIssue[] {
  const t = normalise(text);
  // "加 我 微 信", "w w w . x x . com": read once as written and once with the spaces taken out.
  const variants = [t];
  const joined = t.replace(/\s+/g, '');
  if (joined !== t) variants.push(joined);
  const held = squash(normalise(facts));
  const issues: SafetyIssue[] = [];
  const seen = new Set<string>();
  for (const r of RULES) {
    for (const re of r.patterns) {
      for (const v of variants) {
        for (const m of v.matchAll(re)) {
          const found = m[0].trim().replace(/(?<=.)[.,;:!?]+$/, '');
          if (!found) continue;
          const key = squash(found);
          if (r.factsMayHold && key && held.includes(key)) continue;
          const id = `${r.rule}:${key || found}`;
          if (seen.has(id)) continue;
          seen.add(id);
          issues.push({ rule: r.rule, found, reason: r.reason(found) });
        }
      }
    }
  }
  // One reason per phrase: "已为您" and "为您下单" say no more than "已为您下单" already does.
  return issues.filter((i) => !issues.some((o) => o !== i && o.rule === i.rule && o.found.length > i.found.length && o.found.includes(i.found)));
}

/** The verdict on a model's text against the facts it was given (their text). */
export function checkSafety(text: string, facts = ''): SafetyVerdict {
  const issues = safetyIssues(text, facts);
  return issues.length === 0 ? { ok: true } : { ok: false, issues, reason: issues.map((i) => i.reason).join('; ') };
}
