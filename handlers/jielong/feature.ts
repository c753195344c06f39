import type { Feature } from '../../bot/feature.ts';
import { compose } from '../../bot/router.ts';
import { CUTOFF_JOB, cutoffJob } from './close.ts';
import { jielongCommand } from './commands.ts';
import { CONFIRM_JOB, confirmJob } from './confirm.ts';
import type { OrderMarksOf } from './export.ts';
import { jielongHandler } from './handler.ts';
import { jielongListHandler, LIST_KEYWORD } from './list.ts';
import { OWN_ORDERS_KEYWORD, ownOrdersHandler } from './mine.ts';
import { pendingOpenHandler } from './open-pending.ts';
import { QUICK_KEYWORD } from './quick.ts';
import { jielongPendingSlice, jielongSlice } from './state.ts';

/**
 * 接龙: /接龙, the sign-up words, the lists residents post, the confirmations and cut-offs.
 * In the chain: the owner's 确认 of a DM-sent 接龙 and 看接龙 come before the 接龙 reader, which
 * would otherwise try them as short orders; 我的订单 after it. orderMarks comes from the feature
 * that tracks orders after the cut-off, for the pick list (/接龙 导出).
 */
export function jielongFeature(options: { orderMarks?: OrderMarksOf } = {}): Feature {
  return {
    name: 'jielong',
    slices: [jielongSlice, jielongPendingSlice],
    install(kit) {
      kit.command(jielongCommand(options.orderMarks));
      kit.keyword(QUICK_KEYWORD);
      kit.keyword(OWN_ORDERS_KEYWORD);
      kit.keyword(LIST_KEYWORD);
      kit.job(CONFIRM_JOB, confirmJob(kit.services));
      kit.job(CUTOFF_JOB, cutoffJob(kit.services));
      return { handler: compose(pendingOpenHandler, jielongListHandler, jielongHandler, ownOrdersHandler) };
    },
  };
}
