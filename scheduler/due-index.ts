import type { DueItem } from '../store/schema.ts';

/**
 * store.data.due, indexed: items by id, and the pending ones in a min-heap by dueAt (ties in
 * list order, as the stable sort of a scan gave them). An item that stops being pending is left
 * in the heap and dropped when it reaches the top. The scheduler rebuilds the index when the
 * list is replaced (pruning) or grew without it (covers()).
 */
export class DueIndex {
  private list: DueItem[] | undefined;
  private count = 0;
  private seq = 0;
  private readonly byId = new Map<string, DueItem[]>();
  private heap: Array<{ item: DueItem; seq: number }> = [];

  /** Whether the index is of this very list, as long as it is now. */
  covers(list: DueItem[]): boolean {
    return list === this.list && list.length === this.count;
  }

  rebuild(list: DueItem[]): void {
    this.list = list;
    this.count = 0;
    this.seq = 0;
    this.byId.clear();
    this.heap = [];
    for (const item of list) this.added(item);
  }

  /** An item just pushed onto the indexed list. */
  added(item: DueItem): void {
    this.count++;
    const same = this.byId.get(item.id);
    if (same) same.push(item);
    else this.byId.set(item.id, [item]);
    if (item.state === 'pending') this.push({ item, seq: this.seq });
    this.seq++;
  }

  /** The first item of this id in the list (what a find() would return). */
  first(id: string): DueItem | undefined {
    return this.byId.get(id)?.[0];
  }

  /** Every item of this id, in list order. */
  all(id: string): readonly DueItem[] {
    return this.byId.get(id) ?? [];
  }

  /** The pending item due first (the first in the list among equals). */
  earliestPending(): DueItem | undefined {
    this.dropFinished();
    return this.heap[0]?.item;
  }

  /** Pending items due at or before `now`, by dueAt then list order. They stay indexed until finished. */
  pendingUntil(now: number): DueItem[] {
    const taken: Array<{ item: DueItem; seq: number }> = [];
    for (;;) {
      this.dropFinished();
      const top = this.heap[0];
      if (!top || top.item.dueAt > now) break;
      taken.push(this.pop()!);
    }
    for (const entry of taken) this.push(entry);
    return taken.map((e) => e.item);
  }

  private dropFinished(): void {
    while (this.heap.length && this.heap[0]!.item.state !== 'pending') this.pop();
  }

  private less(a: { item: DueItem; seq: number }, b: { item: DueItem; seq: number }): boolean {
    return a.item.dueAt < b.item.dueAt || (a.item.dueAt === b.item.dueAt && a.seq < b.seq);
  }

  private push(entry: { item: DueItem; seq: number }): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): { item: DueItem; seq: number } | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
