import type { Feature } from '../../bot/feature.ts';
import { createQa } from './handler.ts';
import { qaSlice } from './state.ts';
import { STREAM_TIME_KEYWORD } from './stream-facts.ts';

/** Product questions: last in the chain, whatever no other feature took may be a question. */
export function qaFeature(): Feature {
  return {
    name: 'qa',
    slices: [qaSlice],
    install(kit) {
      kit.keyword({ text: '直接问商品', summary: '比如“亚麻籽油多少钱？”“小米是哪里产的？”，私聊我或在群里@我都行' });
      // Answered here from the streams the streams feature plans (./stream-facts.ts).
      kit.keyword(STREAM_TIME_KEYWORD);
      const qa = createQa(kit.services);
      for (const command of qa.commands) kit.command(command);
      for (const [kind, job] of Object.entries(qa.jobs)) kit.job(kind, job);
      return { handler: qa.handler, idle: () => qa.idle() };
    },
  };
}
