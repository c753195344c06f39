import type { Services } from '../../bot/context.ts';
import type { Commands } from '../../bot/commands.ts';
import type { Placeholders } from '../broadcasts/placeholders.ts';
import { streamCommand } from './command.ts';
import { reserveHandler } from './reserve.ts';
import { nextStream, STREAM_JOB } from './state.ts';
import { streamLine } from './texts.ts';
import { streamJob } from './timeline.ts';

/** Live streams: /直播, the 预约 handler, the timeline job, and {下场直播} for broadcasts. */
export function streamsFeature(services: Services, commands: Commands, placeholders: Placeholders) {
  commands.add(streamCommand);
  commands.keyword({ text: '预约', summary: '预约下一场直播，开播前私信提醒你' });
  // Answered by the questions handler (handlers/qa/stream-facts.ts) from the streams planned here.
  commands.keyword({ text: '什么时候直播？', summary: '问下一场直播的时间' });
  services.scheduler.handle(STREAM_JOB, streamJob(services));
  placeholders.add('下场直播', (s) => {
    const next = nextStream(Object.values(s.store.data.streams.items), s.clock.now());
    return next ? streamLine(next, s.clock.now(), s.config.TZ) : '下一场直播还在筹备中';
  });
  return { handler: reserveHandler };
}
