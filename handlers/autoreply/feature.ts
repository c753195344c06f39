import type { Feature } from '../../bot/feature.ts';
import { prepare } from './asking.ts';
import { indexCache } from '../qa/index.ts';
import { autoreplyCommand } from './command.ts';
import './entries.ts';
import { autoreplyHandler } from './handler.ts';
import { autoreplySlice } from './state.ts';

/**
 * The owner's quick answers to shop-wide questions (/自动回复), given only when asked. Listed
 * before product questions: what it does not clearly answer goes on to them.
 */
export function autoreplyFeature(): Feature {
  return {
    name: 'autoreply',
    slices: [autoreplySlice],
    install(kit) {
      const { store } = kit.services;
      const catalogIndex = indexCache();
      // A keyword that is all a product's name would take that product's questions.
      const productName = (keyword: string) => {
        const text = prepare(keyword).trim();
        const spans = catalogIndex(store.data.catalog).names.find(text);
        return spans.some((s) => s.start === 0 && s.end === text.length);
      };
      kit.command(autoreplyCommand(productName));
      kit.keyword({ text: '问常见问题', summary: '比如“自提点在哪？”“运费多少？”，团长设好回答的，我直接回你' });
      return { handler: autoreplyHandler(kit.services) };
    },
  };
}
