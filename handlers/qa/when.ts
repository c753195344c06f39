import { zonedParts } from '../../scheduler/clock.ts';

// Times as a neighbour says them: 今天20:00, 明天上午, 11月27日（周五）20:00.

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export function sayWhen(at: number, now: number, tz: string): string {
  const p = zonedParts(at, tz);
  const clock = `${p.hour}:${String(p.minute).padStart(2, '0')}`;
  const days = dayNumber(at, tz) - dayNumber(now, tz);
  if (days === 0) return `今天${clock}`;
  if (days === 1) return `明天${clock}`;
  if (days === 2) return `后天${clock}`;
  return sayDate(at, tz);
}

/** The full date and time: 11月27日（周五）20:00. */
export function sayDate(at: number, tz: string): string {
  const p = zonedParts(at, tz);
  return `${p.month}月${p.day}日（${WEEKDAY[p.weekday]}）${p.hour}:${String(p.minute).padStart(2, '0')}`;
}

/** Days since the epoch in the zone's calendar. */
function dayNumber(at: number, tz: string): number {
  const p = zonedParts(at, tz);
  return Math.floor(Date.UTC(p.year, p.month - 1, p.day) / 86_400_000);
}
