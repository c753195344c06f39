import { zonedParts } from '../../scheduler/clock.ts';

/** "11-22 09:10" in shop time. */
export function dateTimeText(at: number, tz: string): string {
  const p = zonedParts(at, tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}
