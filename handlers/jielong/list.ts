import type { Ctx } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import type { JielongRecord } from './state.ts';
import { activeLines, listText } from './list-text.ts';
import { openIn } from './records.ts';
import type { Keyword } from '../../bot/commands.ts';

// "看接龙" / "接龙发一下" / "现在接龙到哪了": the whole current list, in WeChat's 接龙 format,
// ready to repost. The bot's confirmations show only the new lines, so without this residents
// scroll back and copy the first post, losing everyone who signed up since.

/** A list this long is posted in the group; a longer one goes to the asker by DM. */
export const LIST_IN_GROUP_MAX = 15;
/** The same list asked for again within this time is not posted twice. */
const REPEAT_MS = 3 * 60_000;

/** 看接龙 in /help, beside what asks for it (below). */
export const LIST_KEYWORD: Keyword = { text: '看接龙、接龙发一下', summary: '群里正在进行的接龙，完整名单发出来，方便接着接龙' };

const TAIL = '(?:呀|啊|呢|吧|哈|嘛|哦|喔|谢谢|谢啦)?[？?!！。.~～，,]*';
const PLEASE = '(?:请|麻烦|能不能|能|可以|帮我|帮忙|给我|再|重新)*';
const WHICH = '(?:现在的?|目前的?|最新的?|当前的?|完整的?|这次的?|群里的?)?';
const LIST = '(?:列表|名单|清单|情况)?';
const ASKS = new RegExp(`^(?:${[
  // 看接龙, 查看接龙, 看看现在的接龙, 查一下接龙名单
  `${PLEASE}(?:看|看看|看一下|看下|查看|查|查查|查一下|瞅瞅)(?:一下)?${WHICH}接龙${LIST}`,
  // 接龙列表, 最新接龙名单, 最新的接龙
  `${WHICH}接龙(?:列表|名单|清单)`,
  `(?:最新的?|完整的?|现在的|目前的|当前的)接龙${LIST}`,
  // 发一下接龙, 麻烦再发下最新的接龙
  `${PLEASE}(?:发|贴|转|甩)(?:一下|下|个|一个|一遍)?${WHICH}接龙${LIST}(?:出来|过来|给我)?`,
  // 接龙发一下, 接龙能不能再发一下, 接龙发我看看
  `${WHICH}接龙${LIST}${PLEASE}(?:发|贴|转)(?:一下|下|个|一遍|出来|给我|我)?(?:看看)?`,
  // 现在接龙到哪了, 接龙到几号了, 接龙有多少人了
  `${WHICH}接龙(?:现在)?(?:到哪了|到哪儿了|到哪里了|到几了|到几号了|到多少了|到多少人了|有多少人了?|几个人了|多少人了)`,
  // 接龙在哪, 现在接龙在哪里
  `${WHICH}接龙(?:在哪|在哪里|在哪儿)`,
].join('|')})${TAIL}$`);

/** Whether a short message asks to see the current 接龙. */
export function asksForList(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return t.length <= 16 && ASKS.test(t);
}

export const jielongListHandler: Handler = async (ctx, next) => {
  if (ctx.event.kind !== 'text' || !asksForList(ctx.text)) return next();
  if (ctx.group) return inGroup(ctx);
  inDm(ctx);
};

function inGroup(ctx: Ctx): void {
  const open = openIn(ctx.services.store, ctx.group!.id);
  if (open.length === 0) {
    ctx.reply('群里现在没有进行中的接龙～开团了会在群里通知大家。');
    return;
  }
  const { config } = ctx.services;
  const long: JielongRecord[] = [];
  for (const record of open) {
    if (activeLines(record).length > LIST_IN_GROUP_MAX) {
      long.push(record);
      continue;
    }
    const text = listText(record, ctx.now, config.TZ);
    // Three neighbours asking at once get one list, not three.
    if (postedJustNow(ctx, record, text)) ctx.reply(`「${record.title}」接龙刚发过，往上翻一下就能看到～`);
    else ctx.post(ctx.group!, text);
  }
  if (long.length === 0) return;
  const what = long.map((r) => `「${r.title}」已经有${activeLines(r).length}人`).join('，');
  ctx.reply(`${what}，名单比较长，完整的接龙私信发给你了～`);
  for (const record of long) ctx.dm(ctx.member, listText(record, ctx.now, config.TZ), { purpose: 'requested' });
}

/** In a DM: the open 接龙 of every group the member is in; never a group they are not in. */
function inDm(ctx: Ctx): void {
  const { store, config } = ctx.services;
  const groups = ctx.isOwner ? Object.keys(store.data.groups) : (ctx.record?.groups ?? []);
  if (groups.length === 0) {
    ctx.reply('我还不知道你在哪个群～在群里发“看接龙”，就能看到那个群的接龙。');
    return;
  }
  const open = groups.flatMap((id) => openIn(store, id)).sort((a, b) => a.openedAt - b.openedAt);
  if (open.length === 0) {
    ctx.reply('你所在的群现在都没有进行中的接龙～开团了群里会通知。');
    return;
  }
  // Each list alone in its message, so it can be forwarded as it is; which group's it is, first
  // (unless the member is in one group only).
  if (open.length > 1) ctx.reply(`现在有${open.length}个接龙在进行：${open.map((r) => `${r.group.name}「${r.title}」`).join('、')}，下面一个一个发给你～`);
  else if (groups.length > 1) ctx.reply(`${open[0]!.group.name}的接龙「${open[0]!.title}」：`);
  for (const record of open) ctx.reply(listText(record, ctx.now, config.TZ));
}

/** Per bot (one store): the last list posted for each 接龙. In memory: a restart forgets it. */
const lastPosted = new WeakMap<object, Map<string, { at: number; text: string }>>();

function postedJustNow(ctx: Ctx, record: JielongRecord, text: string): boolean {
  let posted = lastPosted.get(ctx.services.store);
  if (!posted) lastPosted.set(ctx.services.store, (posted = new Map()));
  const last = posted.get(record.id);
  if (last && last.text === text && ctx.now - last.at < REPEAT_MS) return true;
  posted.set(record.id, { at: ctx.now, text });
  return false;
}
