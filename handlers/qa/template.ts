import type { Product } from '../../store/schema.ts';
import { UNITS } from '../../text/numerals.ts';
import { matchFaq } from './faq.ts';
import { TOPIC, type Intent } from './intents.ts';
import type { JielongFact, OfferFact } from './jielong-facts.ts';
import type { LiveFact } from './live.ts';
import { formatWhen } from '../../scheduler/when.ts';
import { moneyText } from '../../text/money.ts';

// Answers from the catalog's own fields, worded as a neighbour would say them. Pure:
// everything it may say is in the facts it is given; what the facts do not hold is listed
// as missing, for the owner to answer.

export interface Facts {
  products: readonly Product[];
  /** Open 接龙s relevant to the question. */
  jielongs: readonly JielongFact[];
  /** Every 接龙 open in the asker's groups: named when the product asked about has none. */
  openHere?: readonly JielongFact[];
  /** Products an open 接龙 here offers at a price, the catalog not listing them: the price is theirs. */
  offers?: readonly OfferFact[];
  /** What the open 接龙s say of each product now: their price here, what is left after bookings. */
  live?: ReadonlyMap<string, LiveFact>;
  now: number;
  tz: string;
}

export interface TemplateAnswer {
  /** What the facts answer; '' when nothing. */
  text: string;
  /** What was asked and the facts do not hold. */
  missing: Intent[];
}

const MEASURE_WORDS = new Set<string>(UNITS);

/** A question as asked, and with the product names blanked out (有机小米 is a name, not 有机). */
export interface Asked {
  text: string;
  blanked: string;
  intents: readonly Intent[];
  /** "是X吗": what the product is asked to be (新米, 散养, 土鸡蛋), see claims.ts. */
  claim?: string;
  /** "甜不甜", "新鲜吗": the quality asked about, see claims.ts. */
  quality?: string;
}

export function templateAnswer(asked: Asked, facts: Facts): TemplateAnswer {
  const { intents } = asked;
  const missing = new Set<Intent>();
  const sentences: string[] = [];
  // The 接龙's price answers a price question (or a bare product name), not "when does it arrive".
  const offers = facts.products.length === 0 && (intents.length === 0 || intents.includes('price')) ? facts.offers ?? [] : [];
  for (const o of offers) sentences.push(`${o.name}在「${o.title}」接龙里是${moneyText(o.price)}元${perUnit(o.unit ?? '份')}`);
  if (facts.products.length === 0) {
    if (offers.length && intents.includes('price') && !intents.includes('deadline') && !intents.includes('arrival')) {
      for (const i of intents) if (i !== 'price') missing.add(i);
    } else if (intents.includes('deadline') || intents.includes('arrival')) sentences.push(...cutoffSentences(facts.jielongs, facts, missing, intents));
    else for (const i of intents) missing.add(i);
    if (intents.length === 0) missing.add('describe');
  }
  for (const product of facts.products) {
    const s = aboutProduct(product, asked, facts, missing);
    if (s) sentences.push(s);
  }
  const text = sentences.length > 1 ? sentences.map(trimEnd).join('；') + '～' : finish(sentences[0] ?? '');
  return { text, missing: [...missing] };
}

/** "…我问问团长" for what is missing, after whatever could be answered. */
export function withOwnerNote(answer: TemplateAnswer): string {
  const topics = answer.missing.filter((i) => i !== 'describe').map((i) => TOPIC[i]);
  const ask = topics.length ? `${[...new Set(topics)].join('和')}我问问团长，回头告诉你～` : '这个我问问团长，回头告诉你～';
  return answer.text ? `${answer.text}\n${ask}` : ask;
}

function aboutProduct(p: Product, { text, blanked, intents, claim, quality }: Asked, facts: Facts, missing: Set<Intent>): string {
  const faq = matchFaq(text, p.faq);
  if (faq) return `${p.name}：${faq.a}`;
  if (claim !== undefined && intents.length === 0) {
    const said = claimAnswer(p, claim);
    if (!said) missing.add('describe');
    return said;
  }
  const overview = intents.length === 0;
  const asked = overview ? (['price', 'origin', 'stock'] as Intent[]) : intents;
  const specInPrice = !intents.includes('spec');
  const clauses: string[] = [];
  const notes: string[] = [];
  for (const intent of asked) {
    if (intent === 'deadline' || intent === 'arrival') {
      const offering = facts.jielongs.filter((f) => f.productIds.includes(p.id));
      // No 接龙 sells it: the data answers that, so there is nothing to ask the owner.
      if (intent === 'deadline' && offering.length === 0 && facts.openHere) {
        clauses.push(noJielongFor(facts.openHere, facts));
        continue;
      }
      const said = cutoffSentences(offering, facts, missing, [intent]);
      // Asked for both: the cut-off is said once.
      if (intent === 'deadline' || !intents.includes('deadline')) notes.push(...said);
      continue;
    }
    const said = clause(p, intent, blanked, overview, specInPrice, facts.live?.get(p.id), quality);
    if (said === undefined || said.partial) {
      if (!overview) missing.add(intent);
    }
    if (said === undefined) continue;
    if (said.note) notes.push(said.text);
    else if (!clauses.includes(said.text)) clauses.push(said.text);
  }
  if (!p.onSale && !clauses.some((c) => c.includes('下架'))) clauses.push('暂时下架了');
  const head = clauses.length ? `${p.name}${clauses.join('，')}` : '';
  const parts = [head, ...notes.map((n, i) => (head || i > 0 || n.startsWith('「') ? n : `${p.name}：${n}`))].filter(Boolean);
  return parts.map(trimEnd).join('。');
}

interface Clause {
  text: string;
  /** A sentence of its own (a tip, a description) rather than a clause after the name. */
  note?: boolean;
  /** Says what the facts hold, but not what was asked (asked 有机, listed only 地理标志). */
  partial?: boolean;
}

/** Certifications a resident may ask about by name. */
const CERT_KINDS = ['有机', '绿色', '无公害', '地理标志', '富硒'];

function clause(p: Product, intent: Exclude<Intent, 'deadline' | 'arrival'>, question: string, overview: boolean, specInPrice: boolean, live?: LiveFact, quality?: string): Clause | undefined {
  switch (intent) {
    case 'price': {
      if (!p.onSale) return { text: '暂时下架了' };
      const spec = p.spec && specInPrice ? `（${p.spec}）` : '';
      // The open 接龙 here sells it at another price: that is the price; the catalog's is 原价.
      if (live?.offer) {
        const was = p.price === undefined ? '' : `，原价${moneyText(p.price)}元`;
        return { text: `在「${live.offer.title}」接龙里是${moneyText(live.offer.price)}元${perUnit(live.offer.unit ?? p.unit)}${spec}${was}` };
      }
      return p.price === undefined ? undefined : { text: `${moneyText(p.price)}元${perUnit(p.unit)}${spec}` };
    }
    case 'spec':
      if (!p.spec) return undefined;
      return { text: p.unit && MEASURE_WORDS.has(p.unit) ? `一${p.unit}${p.spec}` : `规格是${p.spec}` };
    case 'origin':
      return p.origin ? { text: `是${p.origin}产的` } : undefined;
    case 'cert': {
      if (p.certifications === undefined) return undefined;
      const certs = p.certifications;
      const named = certs.map((c) => (/认证|证书|标志$/.test(c) ? c : `${c}认证`)).join('、');
      const askedKinds = CERT_KINDS.filter((k) => question.includes(k));
      if (!certs.length) return askedKinds.length ? { text: notCertified(askedKinds[0]!) } : undefined;
      const covered = askedKinds.length === 0 || askedKinds.some((k) => certs.some((c) => c.includes(k)));
      // The owner listed its certifications and the one asked about is not among them: that is the answer.
      return covered ? { text: `有${named}` } : { text: `${notCertified(askedKinds[0]!)}，有${named}` };
    }
    case 'stock':
      return stockClause(p, overview, live?.left);
    case 'storage':
      return p.storage ? { text: p.storage, note: true } : undefined;
    case 'usage':
      return p.usage ? { text: p.usage, note: true } : undefined;
    case 'describe':
      // "甜不甜": the description answers only when it speaks of that quality.
      if (!p.description || (quality && !p.description.includes(quality))) return undefined;
      return { text: p.description, note: true };
  }
}

/** `left`: what the open 接龙s' bookings leave of the stock, when known. */
function stockClause(p: Product, overview: boolean, left?: number): Clause | undefined {
  if (!p.onSale) return { text: '暂时下架了' };
  const stock = left ?? p.stock;
  if (stock === null) return { text: overview ? '货源充足' : '货源充足，放心下单' };
  if (stock === undefined) return undefined;
  if (stock === 0) return { text: left !== undefined && p.stock !== 0 ? '已经订完了，补货了群里会说' : '已经卖完了，补货了群里会说' };
  const unit = p.unit && MEASURE_WORDS.has(p.unit) ? p.unit : '份';
  return { text: stock <= 10 && !overview ? `只剩${stock}${unit}了，要的抓紧` : `还有${stock}${unit}` };
}

function notCertified(kind: string): string {
  return kind === '有机' ? '不是有机的' : `没有${kind}认证`;
}

/**
 * "鸡蛋是土鸡蛋吗", "大米是新米吗", "是散养的吗": yes when the product's name, origin,
 * certifications or description say it; '' when they do not (the owner knows).
 */
function claimAnswer(p: Product, claim: string): string {
  const c = claim.replace(/的$/, '');
  if (c.length === 0) return '';
  if (p.origin?.includes(c)) return `是的，${p.name}是${p.origin}产的～`;
  if ([p.name, ...p.aliases].some((n) => n === c || (c.length >= 2 && (n.endsWith(c) || (n === p.name && n.includes(c)))))) {
    return `是的，就是${p.name}${p.description ? `，${trimEnd(p.description)}` : ''}～`;
  }
  if (p.certifications?.some((x) => x.includes(c))) return `是的，${p.name}有${p.certifications.join('、')}～`;
  if (p.description?.includes(c)) return `是的，${p.name}：${trimEnd(p.description)}～`;
  return '';
}

/**
 * What the open 接龙s say about "when". A cut-off is the data's answer to 截止; arrival is
 * not in the data, so it stays missing (the cut-off is still worth saying).
 */
function cutoffSentences(jielongs: readonly JielongFact[], facts: Facts, missing: Set<Intent>, intents: readonly Intent[]): string[] {
  const out: string[] = [];
  for (const j of jielongs.slice(0, 3)) {
    if (j.cutoffAt === undefined) continue;
    out.push(j.cutoffAt > facts.now
      ? `「${j.title}」接龙${formatWhen(j.cutoffAt, facts.now, facts.tz)}截止`
      : `「${j.title}」接龙已经在${formatWhen(j.cutoffAt, facts.now, facts.tz)}截止了`);
  }
  if (intents.includes('arrival')) missing.add('arrival');
  if (intents.includes('deadline') && out.length === 0) missing.add('deadline');
  return out;
}

/** After the product's name: "现在没有开接龙，正在进行的是：「…」（今天 20:00截止）". */
function noJielongFor(open: readonly JielongFact[], facts: Facts): string {
  const none = '现在没有开接龙';
  if (open.length === 0) return `${none}，开团了群里会通知`;
  const listed = open.slice(0, 3).map((j) => `「${j.title}」${j.cutoffAt === undefined ? '' : j.cutoffAt > facts.now ? `（${formatWhen(j.cutoffAt, facts.now, facts.tz)}截止）` : '（已截止）'}`);
  return `${none}哦，正在进行的是${listed.join('、')}`;
}

/** 元一瓶 for a measure word, 元/500g otherwise. */
function perUnit(unit: string | undefined): string {
  if (!unit) return '';
  return MEASURE_WORDS.has(unit) ? `一${unit}` : `/${unit}`;
}

function trimEnd(s: string): string {
  return s.replace(/[。；;，,～~\s]+$/u, '');
}

function finish(s: string): string {
  if (!s) return '';
  return /[。！？!?～~]$/u.test(s) ? s : `${s}～`;
}
