import type { Services } from '../../bot/context.ts';
import type { Commands } from '../../bot/commands.ts';
import { broadcastCommand } from './command.ts';
import { broadcastJob, reportMissedBroadcast } from './job.ts';
import { Placeholders } from './placeholders.ts';
import { BROADCAST_JOB } from './state.ts';

/** Scheduled posts: the /定时 command, the job that sends a slot, the missed-slot notice. */
export function broadcastsFeature(services: Services, commands: Commands): { placeholders: Placeholders } {
  const placeholders = new Placeholders();
  commands.add(broadcastCommand(placeholders));
  services.scheduler.handle(BROADCAST_JOB, broadcastJob(services, placeholders));
  services.scheduler.onMissed(reportMissedBroadcast(services));
  return { placeholders };
}
