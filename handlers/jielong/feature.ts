import type { Feature } from '../../bot/feature.ts';
import { compose } from '../../bot/router.ts';
import { CUTOFF_JOB, cutoffJob } from './close.ts';
import { jielongCommand } from './commands.ts';
import { CONFIRM_JOB, confirmJob } from './confirm.ts';
import { jielongHandler } from './handler.ts';
import { jielongListHandler } from './list.ts';
import { ownOrdersHandler } from './mine.ts';
import { pendingOpenHandler } from './open-pending.ts';
import { jielongPendingSlice, jielongSlice } from './state.ts';

/**
 * 接龙: /接龙, the sign-up words, the lists residents post, the confirmations and cut-offs.
 * In the chain: the owner's 确认 of a DM-sent 接龙 and 看接龙 come before the 接龙 reader, which
 * would otherwise try them as short orders; 我的订单 after it.
 */
export function jielongFeature(): Feature {
  return {
    name: 'jielong',
    slices: [jielongSlice, jielongPendingSlice],
    install(kit) {
      kit.command(jielongCommand);
      kit.keyword({ text: '+1、我要两份、改成3份、取消', summary: '群里有接龙时，不用转发整条接龙也能报名、改数量、取消' });
      kit.keyword({ text: '我的订单、我买了几份', summary: '私聊我或在群里@我，看看你在正在进行的接龙里登记了什么' });
      kit.keyword({ text: '看接龙、接龙发一下', summary: '群里正在进行的接龙，完整名单发出来，方便接着接龙' });
      kit.job(CONFIRM_JOB, confirmJob(kit.services));
      kit.job(CUTOFF_JOB, cutoffJob(kit.services));
      return { handler: compose(pendingOpenHandler, jielongListHandler, jielongHandler, ownOrdersHandler) };
    },
  };
}
