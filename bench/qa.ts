// Product-question retrieval benchmark: which products is a question about, over a catalog
// of 5,000 generated products? The index (name matcher + BM25 over Intl.Segmenter
// words) is timed beside a linear scan of every product's names and words, in the same run.
// A benchmark, not a test: it prints figures, asserts nothing.
//
//   npm run bench:qa            (= tsx bench/qa.ts)

import { CatalogIndex, productsToAnswer } from '../handlers/qa/retrieval.ts';
import { blankSpans } from '../handlers/qa/names.ts';
import { withoutIntentWords } from '../handlers/qa/intents.ts';
import { normalize, terms } from '../handlers/qa/segment.ts';
import type { Product } from '../store/schema.ts';
import { pick, prng } from './random.ts';

const PRODUCTS = 5_000;
const QUESTIONS = 2_000;
const ROUNDS = 3;
const SEED = 0x5eed;
const TARGET_P99_MS = 3;

const PLACES = ['五常', '沁州', '洛川', '赣南', '烟台', '阿克苏', '宁夏', '舟山', '湛江', '长白山', '呼伦贝尔', '秦岭', '随州', '杭州', '山东', '河北', '云南', '海南', '盘锦', '庐山',
  '吐鲁番', '哈密', '丹东', '大连', '崇明', '阳澄湖', '恩施', '安吉', '武夷山', '普洱', '黄山', '信阳', '潍坊', '寿光', '库尔勒', '和田', '攀枝花', '会理', '蒙自', '眉山'];
const STYLES = ['有机', '散养', '冷榨', '古法', '手工', '高山', '野生', '当季', '精选', '特级', '农家', '鲜采', '原生态', '老树', '头茬', '小粒', '大果', '富硒', '生态', '传统'];
const BASES: Array<[string, string, string, string]> = [
  ['大米', '粮油', '袋', '10kg'], ['小米', '五谷杂粮', '袋', '2.5kg'], ['亚麻籽油', '粮油', '瓶', '500ml'], ['花生油', '粮油', '桶', '5L'], ['鸡蛋', '禽蛋', '盒', '30枚'],
  ['鸭蛋', '禽蛋', '盒', '20枚'], ['苹果', '水果', '箱', '5kg'], ['脐橙', '水果', '箱', '10斤'], ['猕猴桃', '水果', '盒', '12个'], ['葡萄', '水果', '箱', '3斤'],
  ['蜂蜜', '南北干货', '瓶', '500g'], ['核桃', '南北干货', '袋', '2斤'], ['香菇', '南北干货', '袋', '250g'], ['木耳', '南北干货', '袋', '250g'], ['红枣', '南北干货', '袋', '1kg'],
  ['五花肉', '肉类', '斤', '1斤'], ['牛腱', '肉类', '斤', '1斤'], ['羊排', '肉类', '斤', '1斤'], ['带鱼', '水产', '袋', '3斤'], ['白虾', '水产', '盒', '4斤'],
  ['牛奶', '乳品', '箱', '12盒'], ['酸奶', '乳品', '组', '6杯'], ['绿茶', '茶饮', '罐', '100g'], ['红茶', '茶饮', '罐', '100g'], ['挂面', '五谷杂粮', '包', '1kg'],
];
const DESCRIPTIONS = ['当季新货，产地直发。', '口感好，家里老人孩子都爱吃。', '适合凉拌和蒸菜。', '个头均匀，品相好。', '开袋即食，方便。', '冷链配送，新鲜到家。'];

function generateCatalog(rand: () => number): Product[] {
  const products: Product[] = [];
  const used = new Set<string>();
  for (let i = 0; products.length < PRODUCTS; i++) {
    const [base, category, unit, spec] = pick(rand, BASES);
    const place = pick(rand, PLACES);
    const style = pick(rand, STYLES);
    const name = `${place}${style}${base}`;
    if (used.has(name)) continue;
    used.add(name);
    products.push({
      id: `g${i}`, name, aliases: [`${place}${base}`, `${style}${base}`].filter((a) => !used.has(a)), category,
      price: Math.round(rand() * 20000) / 100, unit, spec, origin: place, stock: Math.floor(rand() * 100), onSale: true,
      description: pick(rand, DESCRIPTIONS),
    });
    for (const a of products.at(-1)!.aliases) used.add(a);
  }
  return products;
}

const ASKS = ['多少钱', '哪里产的', '还有吗', '是不是有机的', '什么时候截止', '怎么保存', '一箱几斤', '好吃吗'];
const CHAT = ['今天天气真好', '有人一起拼车吗', '收到，谢谢团长', '小区门口在修路', '你们周末送货吗', '快递放哪了'];

function generateQuestions(rand: () => number, catalog: Product[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < QUESTIONS; i++) {
    const r = rand();
    const p = pick(rand, catalog);
    if (r < 0.5) out.push(`${p.name}${pick(rand, ASKS)}？`);
    else if (r < 0.75) out.push(`${pick(rand, p.aliases.length ? p.aliases : [p.name])}${pick(rand, ASKS)}`);
    else if (r < 0.9) out.push(`${p.origin}的${p.name.slice(-2)}${pick(rand, ASKS)}`);
    else out.push(pick(rand, CHAT));
  }
  return out;
}

/** The baseline: every product, every name and alias checked against the question, then word overlap. */
class LinearScan {
  private readonly rows: Array<{ product: Product; names: string[]; words: Set<string> }>;
  constructor(catalog: readonly Product[]) {
    this.rows = catalog.map((p) => ({
      product: p,
      names: [p.name, ...p.aliases].map(normalize),
      words: new Set(terms([p.name, ...p.aliases, p.category ?? '', p.origin ?? '', p.description ?? ''].join(' '))),
    }));
  }
  find(question: string): Product[] {
    const q = normalize(question);
    const named: Array<{ product: Product; len: number }> = [];
    for (const r of this.rows) {
      const len = Math.max(0, ...r.names.filter((n) => q.includes(n)).map((n) => n.length));
      if (len) named.push({ product: r.product, len });
    }
    if (named.length) return named.sort((a, b) => b.len - a.len).slice(0, 3).map((n) => n.product);
    const words = terms(question);
    const scored: Array<{ product: Product; score: number }> = [];
    for (const r of this.rows) {
      const score = words.filter((w) => r.words.has(w)).length;
      if (score) scored.push({ product: r.product, score });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, 3).map((s) => s.product);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function time(questions: string[], find: (q: string) => Product[]): { p50: number; p99: number; max: number; mean: number; results: Product[][] } {
  const times: number[] = [];
  let results: Product[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    results = [];
    for (const q of questions) {
      const t0 = performance.now();
      const r = find(q);
      times.push(performance.now() - t0);
      results.push(r);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1)!, mean: times.reduce((s, t) => s + t, 0) / times.length, results };
}

function main(): void {
  const rand = prng(SEED);
  const catalog = generateCatalog(rand);
  const questions = generateQuestions(rand, catalog);

  const b0 = performance.now();
  const index = new CatalogIndex(catalog);
  const buildMs = performance.now() - b0;
  const scan = new LinearScan(catalog);

  const viaIndex = (q: string) => {
    const found = index.find(q);
    return productsToAnswer(found, true, terms(withoutIntentWords(blankSpans(q, found.spans))));
  };
  // Warm both up (JIT, segmenter caches) before timing.
  for (const q of questions.slice(0, 200)) {
    viaIndex(q);
    scan.find(q);
  }
  const idx = time(questions, viaIndex);
  const lin = time(questions, (q) => scan.find(q));
  const agree = questions.filter((_, i) => idx.results[i]![0]?.id === lin.results[i]![0]?.id).length;

  const fmt = (n: number) => n.toFixed(3).padStart(8);
  console.log(`Product-question retrieval: ${PRODUCTS.toLocaleString()} products, ${QUESTIONS.toLocaleString()} questions × ${ROUNDS} rounds (Node ${process.version})`);
  console.log(`index build: ${buildMs.toFixed(0)} ms`);
  console.log('');
  console.log('                          p50 ms    p99 ms    max ms   mean ms');
  console.log(`index (names + BM25)   ${fmt(idx.p50)}  ${fmt(idx.p99)}  ${fmt(idx.max)}  ${fmt(idx.mean)}`);
  console.log(`linear scan (baseline) ${fmt(lin.p50)}  ${fmt(lin.p99)}  ${fmt(lin.max)}  ${fmt(lin.mean)}`);
  console.log('');
  console.log(`speed-up at p99: ${(lin.p99 / idx.p99).toFixed(1)}×; same first product as the scan: ${((agree / questions.length) * 100).toFixed(1)}%`);
  console.log(`target: p99 < ${TARGET_P99_MS} ms per question — ${idx.p99 < TARGET_P99_MS ? 'met' : 'NOT met'}`);
}

main();
