import { z } from 'zod';

// The 接龙 feature's behaviour events that points follow: the contract between the two
// features, checked here so a malformed entry is reported and skipped, never half-applied.

const person = z.object({ id: z.string().min(1), name: z.string() });
const group = z.object({ id: z.string().min(1), name: z.string() });

export const signupEvent = z.object({
  kind: z.literal('jielong'),
  change: z.enum(['signup', 'edit', 'cancel']),
  id: z.string().min(1),
  at: z.number(),
  jielong: z.string(),
  group: group.optional(),
  member: person.nullable(),
  amount: z.number().nullable().optional(),
});
export type SignupEvent = z.infer<typeof signupEvent>;

export const closedEvent = z.object({
  kind: z.literal('jielong-closed'),
  id: z.string().min(1),
  at: z.number(),
  jielong: z.string().min(1),
  group,
  title: z.string(),
  orders: z.array(z.object({
    lineId: z.number(),
    member: person.nullable(),
    amount: z.number().nullable(),
    items: z.array(z.unknown()).optional(),
  })),
});
export type ClosedEvent = z.infer<typeof closedEvent>;
