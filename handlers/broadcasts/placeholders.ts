import type { Services } from '../../bot/context.ts';
import type { GroupRef } from '../../bot/types.ts';
import { ordersOf } from '../jielong/index.ts';
import { openIn, siblingsOf } from '../jielong/index.ts';
import { summaryText } from '../jielong/index.ts';

// Words in braces that a scheduled post fills at send time, so a weekly post can say what is
// on now. Features add theirs (streams add {下场直播}).

export type Placeholder = (services: Services, group: GroupRef) => string;

/** "{接龙汇总}": a short name in braces, no spaces (so JSON-ish text or prose braces stay as typed). */
const BRACED = /\{([^{}\s]{1,12})\}/g;

export class Placeholders {
  private readonly fillers = new Map<string, Placeholder>();

  constructor() {
    this.add('接龙汇总', jielongSummary);
  }

  add(name: string, fill: Placeholder): this {
    this.fillers.set(name, fill);
    return this;
  }

  names(): string[] {
    return [...this.fillers.keys()];
  }

  /** Placeholders in the text that nobody fills (told to the owner when the post is created). */
  unknown(text: string): string[] {
    return [...text.matchAll(BRACED)].map((m) => m[1]!).filter((n) => !this.fillers.has(n));
  }

  fill(text: string, services: Services, group: GroupRef): string {
    return text.replace(BRACED, (whole, name: string) => {
      const fill = this.fillers.get(name);
      return fill ? fill(services, group) : whole;
    });
  }
}

function jielongSummary(services: Services, group: GroupRef): string {
  const { store, clock, config } = services;
  const open = openIn(store, group.id);
  if (open.length === 0) return '现在没有进行中的接龙';
  return open.map((r) => summaryText(r, ordersOf(r, store.data.catalog), clock.now(), config.TZ, siblingsOf(store, r))).join('\n\n');
}
