// How the bot writes an amount of money, everywhere people read one.

/** To the fen (two decimals): sums of prices add float noise that nobody should see or store. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** 30, 9.9, 12.35: cents at most, no trailing zeros, never 59.900000000001. */
export function moneyText(n: number): string {
  return String(round2(n));
}

/** "9.9元", or "9.9元/瓶" with a unit. */
export function yuan(n: number, unit?: string | null): string {
  return `${moneyText(n)}元${unit ? `/${unit}` : ''}`;
}
