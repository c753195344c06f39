import { parse } from 'csv-parse/sync';
import { readOnSale, readPrice, readStock, splitList } from './catalog-cells.ts';
import { CatalogFileError } from './errors.ts';

// A catalog kept as a spreadsheet and saved as CSV. Headers may be English field names or
// the Chinese words an owner would write (名称, 价格 …); unknown columns (备注 …) are left
// out. Excel in China often saves CSV as GBK, so bytes that are not UTF-8 are read as GB18030.
// Cells become the same shape as the JSON catalog, which store/catalog.ts then validates.

const HEADERS: Record<string, string[]> = {
  id: ['id', '编号', '商品编号'],
  name: ['name', '名称', '商品', '商品名', '商品名称', '品名'],
  aliases: ['aliases', 'alias', '别名', '又叫'],
  category: ['category', '分类', '类别', '品类'],
  price: ['price', '价格', '单价', '售价'],
  unit: ['unit', '单位'],
  spec: ['spec', '规格'],
  origin: ['origin', '产地'],
  stock: ['stock', '库存'],
  onSale: ['onsale', 'on_sale', '在售', '上架'],
  description: ['description', '介绍', '描述', '说明'],
  certifications: ['certifications', 'certification', '认证'],
  storage: ['storage', '保存', '储存', '保存方法'],
  usage: ['usage', '吃法', '用法', '食用方法'],
  faq: ['faq', '问答', '常见问答'],
};

const FIELD_BY_HEADER = new Map(Object.entries(HEADERS).flatMap(([field, names]) => names.map((n) => [n, field] as const)));

export interface CsvCatalog {
  /** One object per data row, in the JSON catalog's shape. */
  rows: Array<Record<string, unknown>>;
  /** The file line a row starts on (header = line 1), for error messages. */
  lineOf(rowIndex: number): number;
}

export function readCatalogCsv(bytes: Buffer, file: string): CsvCatalog {
  const text = decode(bytes);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof records;
  } catch (err) {
    throw new CatalogFileError(file, `CSV 格式有误（${(err as Error).message}）`);
  }
  const [header, ...body] = records;
  if (!header) throw new CatalogFileError(file, '表格是空的，第一行应是表头（名称,价格,单位 …）');
  const fields = header.record.map((h) => FIELD_BY_HEADER.get(h.trim().toLowerCase()));
  if (!fields.includes('name')) {
    throw new CatalogFileError(file, `表头里没有“名称”列（读到：${header.record.join(', ')}）`);
  }
  const starts: number[] = [];
  const rows = body
    .filter(({ record }) => record.some((c) => c !== ''))
    .map(({ record, info }, i) => {
      // info.lines is where the record ends; a cell with line breaks spans several lines.
      const line = info.lines - (record.join(',').match(/\n/g)?.length ?? 0);
      starts[i] = line;
      const row: Record<string, unknown> = {};
      fields.forEach((field, col) => {
        const cell = record[col] ?? '';
        if (field && cell !== '') Object.assign(row, readCell(field, cell, file, line));
      });
      return row;
    });
  return { rows, lineOf: (i) => starts[i] ?? i + 2 };
}

function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** One cell to the JSON field it fills (price may also carry the unit: 39.9元/瓶). */
function readCell(field: string, cell: string, file: string, line: number): Record<string, unknown> {
  const bad = (what: string) => new CatalogFileError(file, `第 ${line} 行的${what}`);
  switch (field) {
    case 'price': {
      const read = readPrice(cell);
      if (!read) throw bad(`「价格」有误：读到“${cell}”，应是数字，如 39.9 或 39.9/瓶`);
      return read;
    }
    case 'stock': {
      const stock = readStock(cell);
      if (stock === undefined) throw bad(`「库存」有误：读到“${cell}”，应是整数，或“不限”`);
      return { stock };
    }
    case 'onSale': {
      const onSale = readOnSale(cell);
      if (onSale === undefined) throw bad(`「在售」有误：读到“${cell}”，应是“是”或“否”`);
      return { onSale };
    }
    case 'aliases':
    case 'certifications':
      return { [field]: splitList(cell) };
    case 'faq':
      return { faq: cell.split('\n').map((s) => s.trim()).filter(Boolean).map((pair) => readFaq(pair, bad)) };
    default:
      return { [field]: cell };
  }
}

function readFaq(pair: string, bad: (what: string) => Error): { q: string; a: string } {
  const at = pair.search(/[|｜]/);
  const q = at > 0 ? pair.slice(0, at).trim() : '';
  const a = at > 0 ? pair.slice(at + 1).trim() : '';
  if (!q || !a) throw bad(`「问答」有误：“${pair}”应写成 问题|答案（多条用换行分开）`);
  return { q, a };
}
