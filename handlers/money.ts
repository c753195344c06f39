// How the bot writes an amount of money, everywhere people read one.

/** 30, 9.9, 12.35: cents at most, no trailing zeros, never 59.900000000001. */
export function moneyText(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** "9.9元", or "9.9元/瓶" with a unit. */
export function yuan(n: number, unit?: string | null): string {
  return `${moneyText(n)}元${unit ? `/${unit}` : ''}`;
}
