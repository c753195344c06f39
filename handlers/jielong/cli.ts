import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCatalogFile } from '../../store/catalog.ts';
import type { Product } from '../../store/schema.ts';
import { parseJielong, type Jielong } from './parse.ts';

// A machine-readable command for tools:
//   npm run --silent jielong -- parse <file> [--catalog path.json]
// prints the parsed 接龙 as JSON on stdout. Exit 1: the file is not a 接龙 (or cannot be
// read); exit 2: bad arguments.

const USAGE = '用法：npm run --silent jielong -- parse <文件> [--catalog 商品目录.json]';

interface Args {
  file: string;
  catalog?: string;
}

function readArgs(argv: string[]): Args | null {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { catalog: { type: 'string' } } });
    const [command, file, ...extra] = positionals;
    if (command !== 'parse' || !file || extra.length || values.catalog === '') return null;
    return values.catalog === undefined ? { file } : { file, catalog: values.catalog };
  } catch {
    // An unknown option or a --catalog without a value.
    return null;
  }
}

/** Exactly the documented shape: the parser's extra fields (roomRaw, note …) stay out. */
export function toJson(j: Jielong): unknown {
  return {
    title: j.title,
    example: j.example,
    entries: j.entries.map((e) => ({
      index: e.index,
      name: e.name,
      room: e.room,
      items: e.items.map((i) => ({ product: i.product, qty: i.qty, unit: i.unit })),
      raw: e.raw,
      flags: e.flags,
    })),
    tail: j.tail,
  };
}

export function main(argv: string[]): number {
  const args = readArgs(argv);
  if (!args) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  let catalog: Product[] | undefined;
  try {
    text = readFileSync(args.file, 'utf8');
    if (args.catalog) catalog = loadCatalogFile(args.catalog);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  const parsed = parseJielong(text, catalog ? { catalog } : {});
  if (!parsed) {
    process.stderr.write(`${args.file}: 不是接龙（没有找到 #接龙 标题，或只是引用了别人的接龙）\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(toJson(parsed), null, 2)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
