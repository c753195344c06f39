import type { Handler } from '../bot/router.ts';
import { trackMembership } from '../store/members.ts';

/**
 * The first handler: every event is appended to the behaviour log and keeps the member
 * and group records current, before any feature sees it.
 */
export const behaviourLogger: Handler = async (ctx, next) => {
  const { store } = ctx.services;
  ctx.record = trackMembership(store.data, ctx.event);
  store.changed();
  store.log.append(ctx.event);
  await next();
};
