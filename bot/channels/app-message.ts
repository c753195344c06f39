import { XMLParser } from 'fast-xml-parser';
import type { SharedCard } from '../types.ts';

// WeChat app messages arrive as XML. Read once: the title as a readable summary, and the
// video-channel (视频号) card when it is one, so it reaches handlers as a share.

const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

interface AppMsg {
  title?: unknown;
  type?: unknown;
  finderFeed?: { objectId?: unknown; nickname?: unknown; desc?: unknown };
}

export interface AppMessage {
  /** `<msg><appmsg><title>`, '' if none. */
  title: string;
  /** A shared 视频号 post (`<appmsg><type>51</type>` with `<finderFeed>`). */
  channel?: SharedCard;
}

export function readAppMessage(xml: string): AppMessage {
  let appmsg: AppMsg | undefined;
  try {
    appmsg = (xmlParser.parse(xml) as { msg?: { appmsg?: AppMsg } }).msg?.appmsg;
  } catch {
    return { title: '' };
  }
  const title = text(appmsg?.title);
  const feed = appmsg?.finderFeed;
  if (!feed || typeof feed !== 'object') return { title };
  const desc = text(feed.desc);
  const nickname = text(feed.nickname);
  const objectId = text(feed.objectId);
  const channel: SharedCard = { type: 'channel', title: desc || nickname || title || '视频号' };
  if (nickname) channel.description = nickname;
  // A post's id is what makes two shares the same post; it is not a web address.
  if (objectId) channel.url = `finder:${objectId}`;
  return { title, channel };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
