import { defineEntry } from '../../store/log-kinds.ts';

// The behaviour-log entries the 接龙 feature writes (handlers/jielong/changes.ts, close.ts), and
// their one reader: points, profiles and recall follow-ups follow them through it. A malformed
// entry (a hand-edited log line) is reported and skipped by the follower, never half-applied.

/** A member as the log names them (store/members.ts loggedMember): the name may be unknown. */
/** A member as the log names them (store/members.ts loggedMember): the name may be unknown. */
export interface LoggedPerson {
  id: string;
  name?: string | null;
  no?: number;
}

/** One product of an order, as logged (orders.ts OrderItem). */
export interface LoggedItem {
  product?: string | null;
  productId?: string;
  qty?: number | null;
  amount?: number | null;
  unit?: string | null;
  price?: number | null;
  asked?: number;
}

/** A sign-up, edit or cancel of one line (`over-limit`: asked, granted nothing). */
export interface JielongSignup {
  kind: 'jielong';
  change: 'signup' | 'edit' | 'cancel' | 'over-limit';
  /** Always written; a reader that does not need it takes an entry without it. */
  id?: string;
  at: number;
  jielong: string;
  group?: { id: string; name: string };
  member: LoggedPerson | null;
  name?: string | null;
  room?: string | null;
  items?: LoggedItem[];
  amount?: number | null;
  stream?: number;
}

/** A 接龙 closed: the final word on every order in it. */
export interface JielongClosed {
  kind: 'jielong-closed';
  id?: string;
  at: number;
  jielong: string;
  group?: { id: string; name: string };
  title: string;
  /** Who closed it: `cutoff`, or the owner's id. */
  by?: string;
  stream?: number;
  orders: Array<{
    lineId: number;
    member: LoggedPerson | null;
    name?: string | null;
    room?: string | null;
    amount: number | null;
    items?: LoggedItem[];
  }>;
}

// The readers are type guards, not parsers: every entry of these kinds is read by several
// followers, profiles replay a year of them, and a guard reads the fields in place.
type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown) => v === undefined || v === null || typeof v === 'string';
const optNumber = (v: unknown) => v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v));
const isPerson = (v: unknown) => isRec(v) && typeof v.id === 'string' && v.id !== '' && optString(v.name);
const isGroup = (v: unknown) => v === undefined || (isRec(v) && typeof v.id === 'string' && v.id !== '' && typeof v.name === 'string');
const isItems = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((i) => isRec(i) && optString(i.product) && optNumber(i.qty) && optNumber(i.amount)));
const CHANGES: ReadonlySet<unknown> = new Set(['signup', 'edit', 'cancel', 'over-limit']);

function common(v: Rec): string | undefined {
  if (typeof v.at !== 'number' || !Number.isFinite(v.at)) return 'at 不是时间';
  if (typeof v.jielong !== 'string' || v.jielong === '') return '没有 jielong';
  if (v.id !== undefined && typeof v.id !== 'string') return 'id 不是文字';
  if (!isGroup(v.group)) return 'group 不对';
  return undefined;
}

/** Reads a `jielong` entry: what is wrong with it, or nothing. */
export function signupProblem(v: Rec): string | undefined {
  return common(v)
    ?? (CHANGES.has(v.change) ? undefined : 'change 不对')
    ?? (v.member === null || isPerson(v.member) ? undefined : 'member 不对')
    ?? (isItems(v.items) ? undefined : 'items 不对')
    ?? (optNumber(v.amount) ? undefined : 'amount 不是数字');
}

/** Reads a `jielong-closed` entry: what is wrong with it, or nothing. */
export function closedProblem(v: Rec): string | undefined {
  const base = common(v) ?? (typeof v.title === 'string' ? undefined : 'title 不是文字');
  if (base) return base;
  if (!Array.isArray(v.orders)) return 'orders 不是列表';
  for (const o of v.orders) {
    if (!isRec(o) || typeof o.lineId !== 'number') return 'orders 里有一行没有 lineId';
    if (!(o.member === null || isPerson(o.member))) return 'orders 里有一行 member 不对';
    if (!optNumber(o.amount) || !isItems(o.items)) return 'orders 里有一行金额或商品不对';
  }
  return undefined;
}

declare module '../../store/log-kinds.ts' {
  interface LogKinds {
    jielong: JielongSignup;
    'jielong-closed': JielongClosed;
  }
}

defineEntry('jielong', signupProblem);
defineEntry('jielong-closed', closedProblem);

/** What a catalog says of a product id: its name now, and its category. */
export interface ProductNames {
  nameOf(id: string): string | undefined;
  categoryOf(id: string): string | undefined;
}

/**
 * The products and categories an order's items name, each once, in order: the catalog's name
 * for a catalog product, else the name as written. One rule for every reader of orders.
 */
export function boughtOf(items: readonly LoggedItem[] | undefined, catalog: ProductNames): { products: string[]; categories: string[] } {
  const products: string[] = [];
  const categories: string[] = [];
  for (const item of items ?? []) {
    const id = item.productId;
    const name = (id && catalog.nameOf(id)) || item.product || undefined;
    if (name && !products.includes(name)) products.push(name);
    const category = id ? catalog.categoryOf(id) : undefined;
    if (category && !categories.includes(category)) categories.push(category);
  }
  return { products, categories };
}
