// The shared fixture 11-repost-sequence, parsed and applied version by version: the order
// book ends with 王阿姨 3 瓶, 小张 2 瓶 and 李哥 cancelled.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyVersion, emptyBook, type OrderBook, type Sender } from './diff.ts';
import { parseJielong, type JielongEntry } from './parse.ts';

const DIR = fileURLToPath(new URL('../../tests/fixtures/jielong/11-repost-sequence/', import.meta.url));
const senders: Record<string, Sender> = {
  wangayi: { id: 'wangayi', name: '王阿姨', isOwner: false },
  lige: { id: 'lige', name: '李哥', isOwner: false },
  xiaozhang: { id: 'xiaozhang', name: '小张', isOwner: false },
};

function replaySequence(files: string[]): OrderBook<JielongEntry> {
  let book = emptyBook<JielongEntry>();
  for (const file of files) {
    const sender = senders[/from-([a-z]+)/.exec(file)![1]!]!;
    const jielong = parseJielong(readFileSync(DIR + file, 'utf8'))!;
    book = applyVersion(book, jielong.entries, sender).book;
  }
  return book;
}

const summary = (book: OrderBook<JielongEntry>) =>
  book.lines.map((l) => `${l.entry.name} ${l.entry.room} ${l.entry.items.map((i) => `${i.qty}${i.unit}`).join('+')} ${l.state} by ${l.authorId}`);

describe('repost sequence (fixture 11)', () => {
  const files = readdirSync(DIR).sort();

  it('ends with 王阿姨 3 瓶, 小张 2 瓶 and 李哥 cancelled', () => {
    expect(summary(replaySequence(files))).toEqual([
      '王阿姨 3-501 3瓶 active by wangayi',
      '李哥 7-1102 1瓶 cancelled by lige',
      '小张 5-201 2瓶 active by xiaozhang',
    ]);
  });

  it('gives the same book when every version arrives twice', () => {
    expect(summary(replaySequence(files.flatMap((f) => [f, f])))).toEqual(summary(replaySequence(files)));
  });
});
