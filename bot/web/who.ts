import type { SandboxDriver } from '../channels/sandbox-driver.ts';
import { fail } from './json.ts';

// Who is speaking on the sandbox page, and where: one check for every route that posts.

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export interface Who {
  from: string;
  fromName: string;
  group: string | null;
}

/** The person speaking, and the group they speak in (null: a DM to the bot). */
export function checkWho(driver: SandboxDriver, body: Record<string, unknown>): Checked<Who> {
  const { from, group = null } = body;
  if (typeof from !== 'string' || from === '') return fail('请先选择你要扮演的人');
  const person = driver.people().find((p) => p.id === from);
  if (!person) return fail(`找不到这个人：${from}`);
  if (group !== null && typeof group !== 'string') return fail('群的 ID 格式不对');
  if (group !== null) {
    const found = driver.groups().find((g) => g.id === group);
    if (!found) return fail(`找不到这个群：${group}`);
    if (!found.memberIds.includes(person.id)) return fail(`${person.name}不在「${found.name}」里，不能在这个群发言`);
  }
  return { ok: true, value: { from: person.id, fromName: person.name, group } };
}
