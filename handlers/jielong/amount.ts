import { round2 } from '../../text/money.ts';

/** Money for one item: quantity × catalog price, in yuan to the fen; null when either is unknown. */
export function itemAmount(price: number | undefined, qty: number | null): number | null {
  return price !== undefined && qty !== null ? round2(price * qty) : null;
}

