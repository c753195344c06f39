// Every owner command answers input it cannot read with how to write it: a usage line or an
// example, in Chinese, never silence and never a bare "error". Checked over the command list
// itself, so a command added later is held to it too.

import { describe, expect, it } from 'vitest';
import { group1, groupText, testBot } from './helpers.ts';
import { ownerSays, wang } from './stream-shop.ts';

/** Arguments no command reads: a verb nobody uses and nonsense after it. */
const NONSENSE = '咕噜咕噜 ###';

// Commands that take no arguments (and ignore any), or free text they act on as given (/到货's
// place and time): nonsense is not bad input for them.
const TAKES_ANYTHING = new Set(['help', '状态', '后台', '数据', '分层', '兑换记录', '问题', '到货']);

describe('every owner command answers bad input with how to write it', async () => {
  const bot = await testBot({ OWNER_IDS: 'wxid_laozhao' });
  await bot.linli.handle(groupText(wang, '早', bot.clock.now(), group1));
  const say = ownerSays(bot);
  const commands = bot.linli.commands.list().filter((c) => c.ownerOnly && !TAKES_ANYTHING.has(c.name));

  it('lists the owner commands it checks', () => {
    expect(commands.length).toBeGreaterThan(15);
  });

  it.each(commands.map((c) => [c.name]))('/%s', async (name) => {
    const answer = await say(`/${name} ${NONSENSE}`);
    expect(answer, `/${name} said nothing`).not.toBe('');
    // A usage line, an example, or the command's own form shown back ("/订单 取货号|房号|名字").
    const shown = answer.includes(`/${name} `);
    expect(shown || /用法|例如|比如|可以这样用|请写|请在|试试/.test(answer), `/${name}: ${answer}`).toBe(true);
  });
});
