import type { Product } from '../../store/schema.ts';
import type { JielongOffer } from './state.ts';
import { parseWhen } from '../../scheduler/when.ts';
import { catalogTerms, findCatalogSpans } from './catalog-terms.ts';
import { parseNumber, UNIT_PATTERN } from '../../text/numerals.ts';
import { toHalfWidth } from '../../text/normalize.ts';
import type { OfferText } from './offer-text.ts';
import type { OpenRequest } from './state.ts';

// `/接龙 开 <标题> [商品 [价格] [限量N] [每人限购N]]… [截止 <时间>]`, read into what to open.
// Pure: the catalog, the time and the zone are given.

export const OPEN_USAGE = '/接龙 开 <标题> [商品 价格 限量N 每人限购N] [截止 时间]';
export const OPEN_EXAMPLE = '/接龙 开 周六冷榨油团购 亚麻籽油 限量50 每人限购3 截止 周五 20:00';

export type { OpenRequest } from './state.ts';

const CUTOFF = /(?:^|\s)(?:截止|截单|截止时间)[:：]?\s*/;
const ATTRIBUTE = new RegExp(
  [
    `(?<key>限量|库存|共|每人限购|每人限|限购|每人)\\s*(?<n>\\d+|[一二两三四五六七八九十百]+)\\s*(?<unit>${UNIT_PATTERN})?`,
    `(?:价格|单价)?\\s*[¥￥]?\\s*(?<price>\\d+(?:\\.\\d{1,2})?)\\s*(?:元|块)?\\s*(?:[/／每]\\s*(?<per>${UNIT_PATTERN}))?(?=\\s|$|[，,；;])`,
  ].join('|'),
  'g',
);

/**
 * Reads the arguments after `/接龙 开` (and a stream's products); an error says only what is
 * wrong: the command that was typed adds its own usage and example.
 */
export function parseOpenArgs(args: string, catalog: Product[], now: number, tz: string): OpenRequest | { error: string } {
  const text = toHalfWidth(args).trim();
  const cut = CUTOFF.exec(text);
  const head = (cut ? text.slice(0, cut.index) : text).trim();
  const [title, ...rest] = head.split(/\s+/);
  if (!title) return { error: '请写上接龙的标题。' };

  let cutoffAt: number | undefined;
  if (cut) {
    const when = parseWhen(text.slice(cut.index + cut[0].length), now, tz);
    if ('error' in when) return { error: `截止时间：${when.error}` };
    cutoffAt = when.at;
  }

  const offer: JielongOffer[] = [];
  const terms = catalogTerms(catalog);
  for (const clause of rest.join(' ').split(/[，,；;]/)) {
    for (const token of clause.trim().split(/\s+/).filter(Boolean)) {
      const name = token.replace(ATTRIBUTE, '').trim();
      if (name) offer.push(offerOf(name, catalog, terms));
      const current = offer.at(-1);
      for (const m of token.matchAll(ATTRIBUTE)) {
        if (!current) return { error: `“${m[0]}”要写在商品名后面。` };
        const g = m.groups!;
        if (g.price) {
          current.price = Number(g.price);
          if (g.per) current.unit = g.per;
          continue;
        }
        const n = parseNumber(g.n!);
        if (n === null || !Number.isInteger(n) || n <= 0) return { error: `“${m[0]}”里的数量要是正整数。` };
        if (g.key!.startsWith('每') || g.key === '限购') current.perPerson = n;
        else current.stock = n;
        if (g.unit && !current.unit) current.unit = g.unit;
      }
    }
  }
  // No product named: the title may name one ("周六冷榨油团购").
  if (offer.length === 0) offer.push(...offerFromTitle(title, catalog));
  const request: OpenRequest = { title, offer };
  if (cutoffAt !== undefined) request.cutoffAt = cutoffAt;
  return request;
}

function offerOf(name: string, catalog: Product[], terms: ReturnType<typeof catalogTerms>): JielongOffer {
  const ids = new Set(findCatalogSpans(name, terms).map((s) => s.product.id));
  const product = ids.size === 1 ? catalog.find((p) => ids.has(p.id)) : undefined;
  return product ? fromCatalog(product) : { name, stock: null, perPerson: null };
}

function fromCatalog(product: Product): JielongOffer {
  const offer: JielongOffer = { name: product.name, productId: product.id, stock: null, perPerson: null };
  if (product.price !== undefined) offer.price = product.price;
  if (product.unit) offer.unit = product.unit;
  return offer;
}

/**
 * What an organiser's posted text lists (`1.土鸡蛋 32元/盒`), as the 接龙's offer: the text's
 * names, prices and limits, linked to the catalog product each names. A resident's text is
 * not the shop's word on price, so theirs takes the catalog's.
 */
export function offerFromText(listed: OfferText[], catalog: Product[], pricesTrusted: boolean): JielongOffer[] {
  const terms = catalogTerms(catalog);
  const offer: JielongOffer[] = [];
  for (const l of listed) {
    if (offer.some((o) => o.name === l.name)) continue;
    const ids = new Set(findCatalogSpans(toHalfWidth(l.name), terms).map((s) => s.product.id));
    const product = ids.size === 1 ? catalog.find((p) => ids.has(p.id)) : undefined;
    const o: JielongOffer = { name: l.name, stock: l.stock ?? null, perPerson: l.perPerson ?? null };
    if (product) o.productId = product.id;
    const price = pricesTrusted ? l.price : product?.price;
    if (price !== undefined) o.price = price;
    const unit = l.unit ?? product?.unit;
    if (unit) o.unit = unit;
    offer.push(o);
  }
  return offer;
}

/** The catalog products a title names, as an offer without limits (a 接龙 a resident started). */
export function offerFromTitle(title: string, catalog: Product[]): JielongOffer[] {
  const seen = new Set<string>();
  const offer: JielongOffer[] = [];
  for (const span of findCatalogSpans(toHalfWidth(title), catalogTerms(catalog))) {
    if (seen.has(span.product.id)) continue;
    seen.add(span.product.id);
    offer.push(fromCatalog(span.product));
  }
  return offer;
}
