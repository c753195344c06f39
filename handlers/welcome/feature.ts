import type { Feature } from '../../bot/feature.ts';
import type { Handler } from '../../bot/router.ts';
import type { Placeholders } from '../broadcasts/index.ts';
import { welcomeCommand } from './command.ts';
import { WELCOME_JOB, welcomeSlice } from './state.ts';
import { onJoin, welcomeJob, welcomeMissed } from './welcomer.ts';

/**
 * Newcomers welcomed in the group (batched) and by DM (/欢迎语). `placeholders` is the shop's
 * registry of words filled at send time ({下场直播}, {接龙汇总}), shared with scheduled posts.
 */
export function welcomeFeature(placeholders: Placeholders): Feature {
  return {
    name: 'welcome',
    slices: [welcomeSlice],
    install(kit) {
      const { services } = kit;
      kit.command(welcomeCommand(placeholders));
      kit.job(WELCOME_JOB, welcomeJob(services, placeholders));
      kit.onMissed(welcomeMissed(services, placeholders));
      // A join is everyone's business (points pays the inviter): noted, then passed on.
      const handler: Handler = (ctx, next) => {
        if (ctx.event.kind === 'join') onJoin(services, ctx.event);
        return next();
      };
      return { handler };
    },
  };
}
