import type { Ctx } from './context.ts';
import type { Handler } from './router.ts';

export interface Command {
  /** The main name, typed after a slash: `/状态`. */
  name: string;
  aliases?: string[];
  ownerOnly: boolean;
  /** The usage line, shown in /help and sent back when the arguments are wrong. */
  usage: string;
  summary: string;
  /** More usage lines for /help, e.g. owner-only forms of a command residents may use. */
  more?: Array<{ usage: string; summary: string; ownerOnly: boolean }>;
  run(ctx: Ctx, args: string): Promise<void> | void;
}

/** A plain word residents can send (签到, 我的积分 …): listed in /help, handled by its feature. */
export interface Keyword {
  text: string;
  summary: string;
}

/** Where a feature adds its commands and words (the registry, or a feature's kit). */
export interface CommandSink {
  add(command: Command): unknown;
  keyword(keyword: Keyword): unknown;
}

/** The group's answer to /help; the list itself goes by DM. */
export const HELP_SENT_TEXT = '我把你能用的说明私信发你啦～';

const SLASH = /^[/／]\s*(\S+)\s*([\s\S]*)$/;

/**
 * The slash-command registry. Features add their commands; this handler parses, checks
 * the owner-only flag, and answers /help with what the asker may use.
 */
export class Commands {
  private readonly commands: Command[] = [];
  private readonly keywords: Keyword[] = [];

  constructor() {
    this.add({
      name: '帮助', aliases: ['help', 'h', '?', '？'], ownerOnly: false, usage: '/帮助（或 /help）',
      summary: '查看你能用的命令', run: (ctx) => this.help(ctx),
    });
  }

  /**
   * In a DM the whole list; in a group one short line there and the list by DM: the owner's
   * commands (/积分 调整, /召回 …) are nobody else's business, and a resident's dozen lines
   * would bury the group's chat for everyone else.
   */
  private help(ctx: Ctx): void {
    const text = this.helpText(ctx.isOwner);
    if (!ctx.group) {
      ctx.reply(text);
      return;
    }
    ctx.reply(HELP_SENT_TEXT);
    // 'reply', not 'requested': it answers what they just typed, and a 'requested' DM waits out
    // quiet hours, so at 22:30 the group would hear “私信发你啦” and the DM come next morning.
    ctx.dm(ctx.member, text, { purpose: 'reply' });
  }

  add(command: Command): this {
    for (const n of [command.name, ...(command.aliases ?? [])]) {
      if (this.find(n)) throw new Error(`command /${n} registered twice`);
    }
    this.commands.push(command);
    return this;
  }

  keyword(keyword: Keyword): this {
    this.keywords.push(keyword);
    return this;
  }

  /** Every command registered, in order (read-only: scripts/gen-docs.ts writes the owner guide from it). */
  list(): readonly Readonly<Command>[] {
    return this.commands;
  }

  /** Every keyword registered, in order (read-only, as `list()`). */
  keywordList(): readonly Readonly<Keyword>[] {
    return this.keywords;
  }

  find(name: string): Command | undefined {
    const n = name.toLowerCase();
    return this.commands.find((c) => c.name === n || c.aliases?.some((a) => a.toLowerCase() === n));
  }

  /**
   * The command typed. An owner command run together with its first word ("/接龙关",
   * "/直播列表") is read as "/接龙 关" when the whole word is no command of its own; a wrong
   * first word then gets that command's usage. Residents' commands are not split: "/积分榜"
   * is no "/积分 榜".
   */
  private resolve(name: string, args: string): { command: Command | undefined; name: string; args: string } {
    const exact = this.find(name);
    if (exact) return { command: exact, name, args };
    const names = this.commands.filter((c) => c.ownerOnly).flatMap((c) => [c.name, ...(c.aliases ?? [])])
      // A one-character name only before a number ("/答1 好的"): "/答谢" is no "/答 谢".
      .filter((n) => name.startsWith(n) && (/^\p{Script=Han}{2,}$/u.test(n) || (/^\p{Script=Han}$/u.test(n) && /^\d/.test(name.slice(n.length)))))
      .sort((a, b) => b.length - a.length);
    const prefix = names[0];
    if (!prefix) return { command: undefined, name, args };
    return { command: this.find(prefix), name: prefix, args: `${name.slice(prefix.length)} ${args}` };
  }

  handler(): Handler {
    return async (ctx, next) => {
      const m = SLASH.exec(ctx.text);
      if (!m) return next();
      const [, typed = '', typedArgs = ''] = m;
      const { command, name, args } = this.resolve(typed, typedArgs);
      if (!command) {
        ctx.reply(`没有“/${name}”这个命令。发送 /help 查看可用的命令。`);
        return;
      }
      if (command.ownerOnly && !ctx.isOwner) {
        ctx.reply(`抱歉，/${command.name} 只有团长可以使用。发送 /help 看看你能用的命令。`);
        return;
      }
      await command.run(ctx, args.trim());
    };
  }

  helpText(isOwner: boolean): string {
    const line = (c: { usage: string; summary: string }) => `${c.usage} — ${c.summary}`;
    const forms = this.commands.flatMap((c) => [c, ...(c.more ?? []).map((m) => ({ ...m, ownerOnly: m.ownerOnly || c.ownerOnly }))]);
    const residents = [
      ...this.keywords.map((k) => `${k.text} — ${k.summary}`),
      ...forms.filter((c) => !c.ownerOnly).map(line),
    ];
    if (!isOwner) return ['我能帮你做这些：', ...residents].join('\n');
    const owner = forms.filter((c) => c.ownerOnly).map(line);
    return ['团长命令：', ...owner, '', '居民可用：', ...residents].join('\n');
  }
}
