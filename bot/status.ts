import type { Command } from './commands.ts';

/** /状态: what the owner checks when something seems off. */
export const statusCommand: Command = {
  name: '状态', aliases: ['status'], ownerOnly: true, usage: '/状态', summary: '查看机器人运行情况',
  run(ctx) {
    const { store } = ctx.services;
    const d = store.data;
    const count = (state: string) => d.outbox.filter((i) => i.state === state).length;
    const failed = d.outbox.filter((i) => i.state === 'failed');
    const lines = [
      `群 ${Object.keys(d.groups).length} 个，认识的成员 ${Object.keys(d.members).length} 人`,
      `待发消息 ${count('pending')} 条，已发 ${count('sent')} 条，发送失败 ${failed.length} 条`,
      `待办定时 ${d.due.filter((i) => i.state === 'pending').length} 项，周期任务 ${Object.keys(d.cron).length} 个`,
      `行为记录 ${store.log.count} 条（本次启动以来）`,
    ];
    const lastFailure = failed.at(-1);
    if (lastFailure) lines.push(`最近一次失败：${lastFailure.lastError ?? '未知原因'}`);
    ctx.reply(lines.join('\n'));
  },
};
