import type { Ctx, Role } from './context.ts';
import type { Handler } from './router.ts';

export interface Command {
  /** The main name, typed after a slash: `/状态`. */
  name: string;
  aliases?: string[];
  ownerOnly: boolean;
  /**
   * Staff (店员) may run it too; only with ownerOnly. Staff help with payments and pick-ups,
   * so a command is theirs only when it says so: a new owner command stays the owner's.
   */
  staff?: boolean;
  /** The usage line, shown in /help and sent back when the arguments are wrong. */
  usage: string;
  summary: string;
  /**
   * More usage lines for /help, e.g. owner-only forms of a command residents may use. Only
   * /help and the owner guide read the flags here: the command's `run` checks a form's rights
   * itself (ctx.isOwner, ctx.isStaff), since the framework cannot tell the forms apart.
   */
  more?: Array<{ usage: string; summary: string; ownerOnly: boolean; staff?: boolean }>;
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

/** One line of /help: a command or one of its `more` forms, with who may use it. */
export interface CommandForm {
  usage: string;
  summary: string;
  /** Not for residents. */
  ownerOnly: boolean;
  /** Staff may use it too (only with ownerOnly). */
  staff: boolean;
}

/**
 * A command's /help lines, each with who may use it. A form that says `ownerOnly: true` itself is
 * the owner's unless it also says `staff: true` (refunds under a staff command stay the owner's);
 * one that does not takes its command's rights. Staff never reach a form of a command the
 * framework refuses them.
 */
export function commandForms(command: Readonly<Command>): CommandForm[] {
  const staff = command.ownerOnly && command.staff === true;
  return [
    { usage: command.usage, summary: command.summary, ownerOnly: command.ownerOnly, staff },
    ...(command.more ?? []).map((m) => {
      const ownerOnly = m.ownerOnly || command.ownerOnly;
      const open = (m.ownerOnly ? m.staff === true : staff) && (staff || !command.ownerOnly);
      return { usage: m.usage, summary: m.summary, ownerOnly, staff: ownerOnly && open };
    }),
  ];
}

/** The group's answer to /help; the list itself goes by DM. */
export const HELP_SENT_TEXT = '我把你能用的说明私信发你啦～';

const SLASH = /^[/／]\s*(\S+)\s*([\s\S]*)$/;

/**
 * The slash-command registry. Features add their commands; this handler parses, checks
 * the owner-only and staff flags, and answers /help with what the asker may use.
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
    const text = this.helpText(ctx.role);
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
      if (command.ownerOnly && !ctx.isOwner && !(command.staff && ctx.isStaff)) {
        const who = command.staff ? '团长和店员' : '团长';
        const more = ctx.isStaff ? '店员能用的命令发 /help 查看。' : '发送 /help 看看你能用的命令。';
        ctx.reply(`抱歉，/${command.name} 只有${who}可以使用。${more}`);
        return;
      }
      await command.run(ctx, args.trim());
    };
  }

  /** What /help lists for someone of this role: the owner everything, staff theirs and the residents'. */
  helpText(role: Role): string {
    const line = (c: { usage: string; summary: string }) => `${c.usage} — ${c.summary}`;
    const forms = this.commands.flatMap(commandForms);
    const residents = [
      ...this.keywords.map((k) => `${k.text} — ${k.summary}`),
      ...forms.filter((c) => !c.ownerOnly).map(line),
    ];
    if (role === 'resident') return ['我能帮你做这些：', ...residents].join('\n');
    if (role === 'staff') {
      const staff = forms.filter((c) => c.ownerOnly && c.staff).map(line);
      return ['店员命令：', ...staff, '', '居民可用：', ...residents].join('\n');
    }
    const owner = forms.filter((c) => c.ownerOnly).map(line);
    return ['团长命令：', ...owner, '', '居民可用：', ...residents].join('\n');
  }
}
