import type { State } from '../../store/schema.ts';
import { nextStream } from '../streams/index.ts';
import { nextStreamAnswer } from '../streams/index.ts';
import type { Keyword } from '../../bot/commands.ts';

// "什么时候直播？" — answered from the streams the owner scheduled, never guessed.

/** The question in /help, beside what reads as it (asksStreamTime). */
export const STREAM_TIME_KEYWORD: Keyword = { text: '什么时候直播？', summary: '问下一场直播的时间' };

const STREAM = /直播|开播/;
const WHEN = /什么时候|啥时候|几点|哪天|几号|何时|多会儿?|哪一天|星期几|周几|时间是/;
/** Questions about a stream that is not the next one's time ("直播几点结束", "直播回放在哪"). */
const OTHER = /结束|回放|多久|多长/;

export function asksStreamTime(text: string): boolean {
  return STREAM.test(text) && WHEN.test(text) && !OTHER.test(text);
}

export function streamTimeAnswer(state: Pick<State, 'streams'>, now: number, tz: string, asker?: string): string {
  return nextStreamAnswer(nextStream(Object.values(state.streams.items), now), now, tz, asker);
}
