import { z } from 'zod';
import { defineEntry } from '../../store/log-kinds.ts';

// The behaviour-log entries the 接龙 feature writes (handlers/jielong/changes.ts, close.ts), and
// their one reader: points, profiles and recall follow-ups follow them through it. A malformed
// entry (a hand-edited log line) is reported and skipped by the follower, never half-applied.

/** A member as the log names them (store/members.ts loggedMember): the name may be unknown. */
const person = z.object({ id: z.string().min(1), name: z.string().nullish(), no: z.number().optional() });
const group = z.object({ id: z.string().min(1), name: z.string() });

/** One product of an order, as logged. */
const item = z.object({
  product: z.string().nullable().optional(),
  productId: z.string().optional(),
  qty: z.number().nullable().optional(),
  amount: z.number().nullable().optional(),
  unit: z.string().nullable().optional(),
  price: z.number().nullable().optional(),
  asked: z.number().optional(),
});

/** A sign-up, edit or cancel of one line (`over-limit`: asked, granted nothing). */
export const signupEntry = z.object({
  kind: z.literal('jielong'),
  change: z.enum(['signup', 'edit', 'cancel', 'over-limit']),
  /** Always written; a reader that does not need it takes an entry without it. */
  id: z.string().optional(),
  at: z.number(),
  jielong: z.string().min(1),
  group: group.optional(),
  member: person.nullable(),
  name: z.string().nullable().optional(),
  room: z.string().nullable().optional(),
  items: z.array(item).optional(),
  amount: z.number().nullable().optional(),
  stream: z.number().optional(),
});
export type JielongSignup = z.infer<typeof signupEntry>;

/** A 接龙 closed: the final word on every order in it. */
export const closedEntry = z.object({
  kind: z.literal('jielong-closed'),
  id: z.string().optional(),
  at: z.number(),
  jielong: z.string().min(1),
  group: group.optional(),
  title: z.string(),
  /** Who closed it: `cutoff`, or the owner's id. */
  by: z.string().optional(),
  stream: z.number().optional(),
  orders: z.array(z.object({
    lineId: z.number(),
    member: person.nullable(),
    name: z.string().nullable().optional(),
    room: z.string().nullable().optional(),
    amount: z.number().nullable(),
    items: z.array(item).optional(),
  })),
});
export type JielongClosed = z.infer<typeof closedEntry>;
export type LoggedItem = z.infer<typeof item>;

declare module '../../store/log-kinds.ts' {
  interface LogKinds {
    jielong: JielongSignup;
    'jielong-closed': JielongClosed;
  }
}

defineEntry('jielong', signupEntry);
defineEntry('jielong-closed', closedEntry);

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
