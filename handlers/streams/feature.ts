import type { Feature } from '../../bot/feature.ts';
import type { Placeholders } from '../broadcasts/index.ts';
import { streamCommand } from './command.ts';
import { RESERVE_KEYWORD, reserveHandler } from './reserve.ts';
import { nextStream, STREAM_JOB, streamsSlice } from './state.ts';
import { streamLine } from './texts.ts';
import { streamJob } from './timeline.ts';

/** Live streams: /直播, the 预约 handler, the timeline job, and {下场直播} for scheduled posts. */
export function streamsFeature(placeholders: Placeholders): Feature {
  return {
    name: 'streams',
    slices: [streamsSlice],
    install(kit) {
      kit.command(streamCommand);
      kit.keyword(RESERVE_KEYWORD);
      kit.job(STREAM_JOB, streamJob(kit.services));
      placeholders.add('下场直播', (s) => {
        const next = nextStream(Object.values(s.store.data.streams.items), s.clock.now());
        return next ? streamLine(next, s.clock.now(), s.config.TZ) : '下一场直播还在筹备中';
      });
      return { handler: reserveHandler };
    },
  };
}
