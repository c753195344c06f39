import type { Feature } from '../../bot/feature.ts';
import { catalogCommand } from './command.ts';

/** The catalog as the owner keeps it from chat: /商品. */
export function catalogFeature(): Feature {
  return {
    name: 'catalog',
    install(kit) {
      kit.command(catalogCommand);
    },
  };
}
