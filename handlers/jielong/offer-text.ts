import { findQuantities, parseNumber, UNIT_PATTERN } from '../../text/numerals.ts';
import { toHalfWidth } from '../../text/normalize.ts';

// The organiser's product lines in a 接龙's description: `1.土鸡蛋 32元/盒（30枚）`,
// `东北大米 69元/袋`, `冷榨亚麻籽油 39.9元/瓶，限量10瓶，每人限购3瓶`. Pure.

export interface OfferText {
  name: string;
  price?: number;
  /** What the price is per (元/盒 → 盒). */
  unit?: string;
  /** Pack size as written (30枚, 5斤装, 500ml*2瓶): never a quantity. */
  spec?: string;
  stock?: number;
  perPerson?: number;
}

const NUM = '\\d+(?:\\.\\d{1,2})?';
const CN_NUM = '[一二两三四五六七八九十百]+';
/** 32元/盒, 32元一盒, ¥32/盒, 29.9/箱, 32块, 单价32元, 15.8元一斤. */
const PRICE = new RegExp(
  `(?:单价|价格|售价|团购价|直播价)?[:：]?\\s*(?:[¥￥]\\s*(?<a>${NUM})\\s*(?:元|块)?|(?<b>${NUM})\\s*(?:元|块钱|块(?!装)|rmb|RMB|r)(?![A-Za-z])|(?<c>${NUM})(?=\\s*[/／]\\s*${UNIT_PATTERN}))` +
    `(?:\\s*(?:[/／]|一|每)\\s*(?<unit>${UNIT_PATTERN}))?`,
);
const LIMITS: Array<{ re: RegExp; key: 'stock' | 'perPerson' }> = [
  { re: new RegExp(`(?:每人|每户|每家)\\s*(?:限购|限|最多)?\\s*(${NUM}|${CN_NUM})\\s*${UNIT_PATTERN}?`), key: 'perPerson' },
  { re: new RegExp(`(?:限购)\\s*(${NUM}|${CN_NUM})\\s*${UNIT_PATTERN}?`), key: 'perPerson' },
  { re: new RegExp(`(?:限量|仅限|只有|共|库存|总共)\\s*(${NUM}|${CN_NUM})\\s*${UNIT_PATTERN}?`), key: 'stock' },
];
const METRIC = '(?:ml|mL|ML|l|L|g|G|kg|Kg|KG|斤|克|千克|公斤|毫升|升|cm|mm)';
const SIZE = `${NUM}\\s*(?:${METRIC}|${UNIT_PATTERN})`;
/** （30枚） 5斤装 500ml*2瓶 10斤一箱 一盒1斤装 约2.5斤 24包/箱 1kg/袋: sizes, never counts. */
const SPECS = [
  /[（(【\[][^）)】\]]*[）)】\]]/g,
  new RegExp(`约\\s*${NUM}(?:\\s*[-~～到至]\\s*${NUM})?\\s*(?:${METRIC}|${UNIT_PATTERN})?`, 'g'),
  new RegExp(`(?:[一每]\\s*${UNIT_PATTERN}\\s*)?(?:${SIZE})?\\s*[*×xX]?\\s*${SIZE}\\s*(?:装|[/／]\\s*${UNIT_PATTERN}|[一每]\\s*${UNIT_PATTERN})`, 'g'),
  new RegExp(`${SIZE}\\s*[*×xX]\\s*\\d+\\s*${UNIT_PATTERN}?`, 'g'),
  new RegExp(`${NUM}\\s*(?:ml|mL|ML|l|L|g|G|kg|Kg|KG|cm|mm)(?![A-Za-z])`, 'g'),
];
/** Lines about money that sell nothing: delivery fees, thresholds, deposits. */
const NOT_A_PRODUCT = /(?:运费|配送费|定金|押金|优惠|红包|合计|总计|共计|返现)\S*|满\s*\d\S*|\S*包邮/g;
/** Emoji, bullets, Chinese ordinals (一、) and decoration around a name. */
const DECOR = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}★☆●○◆◇■□▲△▶►♥❤✨]|^[\s\-—*·•、.:：|]+|^[一二三四五六七八九十]{1,3}[、.．]|[\s\-—*·•、.:：|,，]+$/gu;

/**
 * One description line as products on offer: each segment with a price is a product, and
 * limits in the segments after it belong to it. Null when no segment has a price, or when
 * the words before the price hold a count (张三 苹果2斤 16元: a person's order).
 */
/** Longer than any product line: not read (the readers below are not all linear in length). */
const MAX_LINE = 200;

export function readOfferLine(line: string): OfferText[] | null {
  if (line.length > MAX_LINE) return null;
  let text = toHalfWidth(line).trim();
  // A room (5-301) says who: a person's order ("5-301 晓晓 老豆腐2块"), never a product line.
  if (!text || /(?<![\d.])\d{1,3}\s*[-—]\s*\d{3,4}(?![\d.])/.test(text)) return null;
  // Brackets first: a comma inside （5斤装，12-15个） does not split products.
  const specs: string[] = [];
  text = text.replace(SPECS[0]!, (m) => (specs.push(m.slice(1, -1).trim()), ' '));
  const out: OfferText[] = [];
  for (const segment of text.split(/[，,；;]|\s{2,}/).flatMap(byPrice)) {
    // "押金另付", "满3把包邮": money that sells nothing, beside a product or alone.
    const read = readSegment(segment.replace(NOT_A_PRODUCT, ' '));
    if (read === 'limits-only') {
      if (out.length === 0) return null;
      Object.assign(out[out.length - 1]!, limitsOf(segment));
      continue;
    }
    if (read === null) {
      if (segment.trim() === '' || out.length > 0) continue;
      return null;
    }
    out.push(read);
  }
  if (out.length === 1 && specs.length) out[0]!.spec = [out[0]!.spec, ...specs].filter(Boolean).join(' ');
  return out.length > 0 ? out : null;
}

/** "语文 25元/套 数学 30元/套": one piece per price, each ending with it. */
function byPrice(segment: string): string[] {
  const ends = [...segment.matchAll(new RegExp(PRICE.source, 'g'))].map((m) => m.index + m[0].length);
  if (ends.length < 2) return [segment];
  const pieces = ends.map((end, i) => segment.slice(i === 0 ? 0 : ends[i - 1], end));
  pieces[pieces.length - 1] += segment.slice(ends.at(-1));
  return pieces;
}

function readSegment(segment: string): OfferText | 'limits-only' | null {
  const specs: string[] = [];
  const limits = limitsOf(segment);
  let rest = segment;
  for (const { re } of LIMITS) rest = rest.replace(re, ' ');
  // The price first, so that 32块一斤 is a price per 斤, not a size.
  const price = PRICE.exec(rest);
  if (!price) return Object.keys(limits).length > 0 && clean(rest) === '' ? 'limits-only' : null;
  const strip = (t: string) => SPECS.slice(1).reduce((acc, re) => acc.replace(re, (m) => (specs.push(m.trim()), ' ')), t);
  const before = strip(rest.slice(0, price.index));
  const after = strip(rest.slice(price.index + price[0].length));
  const words = clean(before).split(' ').filter(Boolean);
  // "张三 苹果2斤": a product with its count after the first word is an order; a size standing
  // alone ("手抓饼 20片") is not, nor are "8424西瓜" and "半只".
  if (words.slice(1).some((w) => /[\u4e00-\u9fff]\s*(?:\d|[两一二三四五六七八九十]+\s*[\u4e00-\u9fff])/.test(w) && findQuantities(w).length > 0)) return null;
  if (words.length === 1 && /[\u4e00-\u9fff]\s*\d/.test(words[0]!) && findQuantities(words[0]!).some((q) => q.unit !== null)) return null;
  // Words with digits after the name are sizes (维达抽纸 3层130抽, 巴斯克芝士蛋糕 6寸).
  const named = words.filter((w, i) => i === 0 || !/\d/.test(w)).filter((w) => /[\p{L}]/u.test(w)).join(' ');
  const name = named || specs[0] || clean(after).split(' ')[0] || '';
  if (!name) return null;
  const g = price.groups!;
  const offer: OfferText = { name, price: Number(g.a ?? g.b ?? g.c) };
  if (g.unit) offer.unit = g.unit;
  const spec = specs.filter((x) => x && x !== name).join(' ');
  if (spec) offer.spec = spec;
  return { ...offer, ...limits };
}

function limitsOf(text: string): Pick<OfferText, 'stock' | 'perPerson'> {
  const out: Pick<OfferText, 'stock' | 'perPerson'> = {};
  for (const { re, key } of LIMITS) {
    const m = re.exec(text);
    const n = m ? parseNumber(m[1]!) : null;
    if (n !== null && Number.isInteger(n) && n > 0 && out[key] === undefined) out[key] = n;
  }
  return out;
}

function clean(text: string): string {
  return text.replace(DECOR, '').replace(/\s+/g, ' ').trim();
}

/**
 * A menu line (a dish, a product without a price): short, one or two words, no digits.
 * Only read as an offer where the layout says so (before the 例 line, or a list the
 * entries refer to).
 */
export function readMenuLine(line: string): OfferText | null {
  if (line.length > MAX_LINE) return null;
  const name = clean(toHalfWidth(line).replace(SPECS[0]!, ' '));
  if (!name || name.length > 16 || /\d/.test(name) || name.split(' ').length > 2) return null;
  return { name };
}
