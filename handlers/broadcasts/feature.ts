import type { Feature } from '../../bot/feature.ts';
import { broadcastCommand } from './command.ts';
import { broadcastJob, reportMissedBroadcast } from './job.ts';
import { Placeholders } from './placeholders.ts';
import { BROADCAST_JOB, broadcastsSlice } from './state.ts';

/**
 * Scheduled posts: the /定时 command, the job that sends a slot, the missed-slot notice. Its
 * `placeholders` are for features listed with it that add words to posts ({下场直播}).
 */
export function broadcastsFeature(): Feature & { placeholders: Placeholders } {
  const placeholders = new Placeholders();
  return {
    name: 'broadcasts',
    slices: [broadcastsSlice],
    placeholders,
    install(kit) {
      kit.command(broadcastCommand(placeholders));
      kit.job(BROADCAST_JOB, broadcastJob(kit.services, placeholders));
      kit.onMissed(reportMissedBroadcast(kit.services));
    },
  };
}
