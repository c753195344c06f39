import type { Feature } from '../../bot/feature.ts';
import { ackJob, POLL_ACK_JOB } from './acks.ts';
import { pollCutoffJob } from './close.ts';
import { pollCommand } from './command.ts';
import './entries.ts';
import { pollsHandler, RESULTS_KEYWORD, VOTE_KEYWORD } from './handler.ts';
import { POLL_CUTOFF_JOB, pollsSlice } from './state.ts';

/**
 * Polls for new products (/投票): numbered options, one vote each, results and a cut-off, and a
 * 接龙 for the winner. In the chain after the 接龙 reader: a message the 接龙 takes as an order
 * (+1, 2箱, 我要2) is never a vote, and what it passes on is read as a vote only when all of it
 * is one (vote.ts).
 */
export function pollsFeature(): Feature {
  return {
    name: 'polls',
    slices: [pollsSlice],
    install(kit) {
      kit.command(pollCommand());
      kit.keyword(VOTE_KEYWORD);
      kit.keyword(RESULTS_KEYWORD);
      kit.job(POLL_CUTOFF_JOB, pollCutoffJob(kit.services));
      kit.job(POLL_ACK_JOB, ackJob(kit.services));
      return { handler: pollsHandler };
    },
  };
}
