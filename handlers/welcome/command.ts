import type { Ctx } from '../../bot/context.ts';
import type { Command } from '../../bot/commands.ts';
import type { GroupRef } from '../../bot/types.ts';
import { shopGroups } from '../../store/members.ts';
import type { Placeholders } from '../broadcasts/index.ts';
import { OPT_OUT_LINE } from '../profiles/index.ts';
import { HELP, parseWelcome, USAGE } from './args.ts';
import { DEFAULT_DM_TEXT, DEFAULT_GROUP_TEXT, OWN_PLACEHOLDERS } from './texts.ts';
import { groupSize, groupWelcomeText, welcomeDmText, welcomesIn } from './welcomer.ts';

// The owner's /欢迎语: the texts, a preview, and the switches (all, the DM, one group).

export function welcomeCommand(placeholders: Placeholders): Command {
  return {
    name: '欢迎语', aliases: ['welcome'], ownerOnly: true, usage: USAGE,
    summary: '新邻居进群时的欢迎（群里一条，私信一条群规）：看、改、预览、开关',
    run(ctx, args) {
      const action = parseWelcome(args);
      const { store } = ctx.services;
      const w = store.data.welcome;
      switch (action.kind) {
        case 'error': return void ctx.reply(action.text);
        case 'show': return void ctx.reply(status(ctx, placeholders));
        case 'preview': return void ctx.reply(preview(ctx, placeholders));
        case 'switch':
          w.off = !action.on;
          store.changed();
          return void ctx.reply(action.on
            ? `好的，欢迎语打开了，新邻居进群就会欢迎。${ctx.services.config.WELCOME_ENABLED ? sizeNote(ctx) : '不过欢迎在设置里关掉了（WELCOME_ENABLED=false），要请管理员打开才会发。'}`
            : '好的，欢迎语关掉了，新邻居进群我不再欢迎。要打开发 /欢迎语 开');
        case 'set':
          w.text = action.text;
          store.changed();
          return void ctx.reply([`好的，群欢迎语改好了。新邻居进群时会这样发：`, groupPreview(ctx, placeholders), ...notes(ctx, placeholders, action.text)].join('\n'));
        case 'reset':
          delete w.text;
          store.changed();
          return void ctx.reply(`好的，群欢迎语换回默认的了：\n${groupPreview(ctx, placeholders)}`);
        case 'dm-show':
          return void ctx.reply(`私信欢迎${w.dmOff ? '（关着）' : ''}，新邻居会收到：\n${dmPreview(ctx, placeholders)}`);
        case 'dm-switch':
          w.dmOff = !action.on;
          store.changed();
          return void ctx.reply(action.on ? '好的，私信欢迎打开了，新邻居进群后会收到一条群规私信。' : '好的，私信欢迎关掉了，只在群里欢迎。');
        case 'dm-set':
          w.dmText = action.text;
          store.changed();
          return void ctx.reply([`好的，私信欢迎改好了。新邻居会收到：`, dmPreview(ctx, placeholders), ...notes(ctx, placeholders, action.text)].join('\n'));
        case 'dm-reset':
          delete w.dmText;
          store.changed();
          return void ctx.reply(`好的，私信欢迎换回默认的了：\n${dmPreview(ctx, placeholders)}`);
        case 'group': return groupSwitch(ctx, action.name, action.on);
      }
    },
  };
}

/** The group a preview is filled for: where the owner asked, else the first group. */
function previewGroup(ctx: Ctx): GroupRef {
  return ctx.group ?? shopGroups(ctx.services.store.data)[0] ?? { id: '', name: '本群' };
}

const SAMPLE = { id: 'preview', name: '新邻居' };

function groupPreview(ctx: Ctx, placeholders: Placeholders): string {
  return `@${SAMPLE.name} ${groupWelcomeText(ctx.services, placeholders, previewGroup(ctx), [SAMPLE])}`;
}

function dmPreview(ctx: Ctx, placeholders: Placeholders): string {
  return welcomeDmText(ctx.services, placeholders, previewGroup(ctx), SAMPLE);
}

function preview(ctx: Ctx, placeholders: Placeholders): string {
  const w = ctx.services.store.data.welcome;
  return [
    `【群里】${w.off ? '（现在关着）' : ''}`, groupPreview(ctx, placeholders), '',
    `【私信】${w.off || w.dmOff ? '（现在关着）' : ''}`, dmPreview(ctx, placeholders),
  ].join('\n');
}

/** Placeholders nobody fills, and a reminder when welcomes are off. */
function notes(ctx: Ctx, placeholders: Placeholders, text: string): string[] {
  const own = new Set<string>(OWN_PLACEHOLDERS);
  const unknown = placeholders.unknown(text).filter((n) => !own.has(n));
  const lines: string[] = [];
  if (unknown.length) lines.push(`注意：${unknown.map((n) => `{${n}}`).join('、')} 我不认识，会原样发出。能自动填的有：${allPlaceholders(placeholders)}`);
  if (ctx.services.store.data.welcome.off) lines.push('现在欢迎语是关着的，要用的话发 /欢迎语 开');
  return lines;
}

function allPlaceholders(placeholders: Placeholders): string {
  return [...OWN_PLACEHOLDERS, ...placeholders.names()].map((n) => `{${n}}`).join('、');
}

function status(ctx: Ctx, placeholders: Placeholders): string {
  const { store, config } = ctx.services;
  const w = store.data.welcome;
  const groups = shopGroups(store.data);
  const quiet = groups.filter((g) => !welcomesIn(ctx.services, g.id));
  const lines = [
    `群欢迎语${w.off ? '（关着）' : ''}${w.text === undefined ? '（默认）' : ''}：`, w.text ?? DEFAULT_GROUP_TEXT, '',
    `私信欢迎${w.off || w.dmOff ? '（关着）' : ''}${w.dmText === undefined ? '（默认）' : ''}：`, w.dmText ?? DEFAULT_DM_TEXT, `（末尾会自动加上：${OPT_OUT_LINE}）`, '',
    `新邻居进群后等${config.WELCOME_BATCH_MINUTES}分钟一起欢迎，同一个群至少隔${config.WELCOME_GAP_MINUTES}分钟欢迎一次。`,
  ];
  if (!config.WELCOME_ENABLED) lines.push('注意：欢迎在设置里关掉了（WELCOME_ENABLED=false），这里怎么设都不会发，请让管理员打开。');
  else if (!w.off && quiet.length) lines.push(`现在不欢迎的群：${quiet.map((g) => `${g.name}（${why(ctx, g)}）`).join('、')}`);
  lines.push(`可以用：${allPlaceholders(placeholders)}`, `完整用法发 /欢迎语 帮助`);
  return lines.join('\n');
}

function why(ctx: Ctx, g: GroupRef): string {
  if (ctx.services.store.data.welcome.groups[g.id] === false) return '单独关了';
  return `${groupSize(ctx.services.store.data, g.id)}人，超过${ctx.services.config.WELCOME_MAX_GROUP_SIZE}人`;
}

function sizeNote(ctx: Ctx): string {
  const max = ctx.services.config.WELCOME_MAX_GROUP_SIZE;
  return max > 0 ? `超过${max}人的群默认不欢迎，要单独打开发 /欢迎语 群 <群名> 开` : '';
}

function groupSwitch(ctx: Ctx, name: string, on: boolean | null): void {
  const { store } = ctx.services;
  const groups = shopGroups(store.data);
  const group = groups.find((g) => g.name === name) ?? groups.find((g) => g.name.replace(/\s/g, '') === name.replace(/\s/g, ''));
  if (!group) {
    const names = groups.map((g) => g.name).join('、') || '（我还没进任何群）';
    return void ctx.reply(`没找到叫“${name}”的群。现在的群有：${names}\n例如：/欢迎语 群 ${groups[0]?.name ?? '幸福里1群'} 关`);
  }
  const w = store.data.welcome;
  if (on === null) delete w.groups[group.id];
  else w.groups[group.id] = on;
  store.changed();
  const now = welcomesIn(ctx.services, group.id);
  const state = on === null ? `按默认来，现在${now ? '会' : '不会'}欢迎` : on ? '会欢迎新邻居' : '不再欢迎新邻居';
  const offAll = w.off && on !== false ? '（不过欢迎语现在整体关着，发 /欢迎语 开 才会生效）' : '';
  ctx.reply(`好的，「${group.name}」${state}。${offAll}`);
}
