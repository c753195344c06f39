// The entry text being read, with the spans already read or ruled out.

export interface Span {
  start: number;
  end: number;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * The entry text being read. Spans that have been read (room, phone) or must never be a
 * quantity (times, dates, pack specs) are blanked with spaces of the same length, so every
 * offset still points into the original text.
 */
export class Work {
  text: string;
  readonly used: Span[] = [];

  constructor(text: string) {
    this.text = text;
  }

  blank(span: Span, markUsed = true): void {
    this.text = this.text.slice(0, span.start) + ' '.repeat(span.end - span.start) + this.text.slice(span.end);
    if (markUsed) this.used.push(span);
  }

  /** Reads and blanks the first match; `text` is the match as written. */
  take(re: RegExp): (Span & { match: RegExpExecArray; text: string }) | null {
    const m = (re.global ? new RegExp(re.source, re.flags.replace('g', '')) : re).exec(this.text);
    if (!m) return null;
    const span = { start: m.index, end: m.index + m[0].length };
    this.blank(span);
    return { ...span, match: m, text: m[0] };
  }

  /** Blanks every match without counting it as read: it stays in the note. */
  blankAll(re: RegExp, evenWithoutDigits = false, except: Span[] = []): void {
    if (!evenWithoutDigits && !/\d/.test(this.text)) return; // every number pattern needs a digit
    for (const m of [...this.text.matchAll(re)]) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (!except.some((e) => overlaps(e, span))) this.blank(span, false);
    }
  }

  use(span: Span): void {
    this.used.push(span);
  }
}
