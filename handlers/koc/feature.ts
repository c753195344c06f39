import type { Feature } from '../../bot/feature.ts';
import type { Handler } from '../../bot/router.ts';
import { kocCommand } from './commands.ts';
import { Programme } from './programme.ts';
import { onShaidan, showcaseCommand } from './showcase.ts';
import { kocSlice } from './state.ts';
import './entries.ts';

// The 体验官 programme as one feature: /体验官 and /晒单 for the owner; a handler before points
// that records newcomers as they join and hears them say who brought them; followers of the 接龙
// closes and the refunds after them (orders credited) and of the 晒单 points recognises.

/** The 体验官 / KOC programme (/体验官): invite codes, referrals and orders credited, the monthly 晒单 highlight. */
export function kocFeature(): Feature {
  return {
    name: 'koc',
    slices: [kocSlice],
    install(kit) {
      const programme = new Programme(kit.services);
      kit.command(kocCommand(programme));
      kit.command(showcaseCommand(programme));
      kit.follow('jielong-closed', (entry) => programme.onClosed(entry));
      kit.follow('order', (entry) => programme.onOrderChange(entry));
      kit.follow('shaidan', (entry) => {
        onShaidan(programme, entry);
        kit.services.store.changed();
      });
      const handler: Handler = async (ctx, next) => {
        const event = ctx.event;
        if (event.kind === 'join') programme.onJoin(event);
        else if (event.kind === 'text' && ctx.text && programme.onText(ctx)) return;
        return next();
      };
      return { handler };
    },
  };
}
