import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The CJK font for server-side charts: Noto Sans SC from @fontsource/noto-sans-sc, which ships
// the font cut into ~100 WOFF2 files by unicode range (the way a browser loads only what a page
// shows). resvg reads TrueType/OpenType only, so the files covering the characters a chart
// uses are decompressed (wawoff2) into TTF buffers, each once per process.

/**
 * The family the charts name. The subset files themselves are named "Noto Sans SC Thin" inside
 * (instances cut from the variable font), which matches nothing a chart asks for; resvg then
 * draws with a face it has, and it has only these (no system fonts), each covering its own
 * characters: for a character the first face lacks it takes the next face that has it.
 */
export const FONT_FAMILY = 'Noto Sans SC';

/**
 * One weight, regular, for all text, bold titles too (resvg draws them in the nearest weight it
 * has). Two weights do not mix: each file is a face of its own, and for a character its first
 * face lacks resvg takes the first face that has it whatever its weight, so a bold title came
 * out with some characters regular.
 */
const WEIGHT = 400;

interface Face {
  /** The WOFF2 file, relative to the package. */
  file: string;
  /** Inclusive code point ranges, sorted by start. */
  ranges: Array<[number, number]>;
}

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
// wawoff2 ships no types: a WOFF2 file in, the TTF out.
const decompress = require('wawoff2/decompress.js') as (woff2: Uint8Array) => Promise<Uint8Array>;

let faces: Face[] | undefined;
const ttf = new Map<string, Promise<Uint8Array>>();
/**
 * wawoff2 answers with a view into its WebAssembly memory, which its next call reuses: each
 * result is copied out before the next file is decompressed, one at a time.
 */
let decompressing: Promise<unknown> = Promise.resolve();

function woff2ToTtf(woff2: Uint8Array): Promise<Uint8Array> {
  const done = decompressing.then(() => decompress(woff2)).then((view) => new Uint8Array(view));
  decompressing = done.catch(() => undefined);
  return done;
}

/**
 * The package's `@font-face` rules for the weight (`400.css`): each names a WOFF2 file and the
 * `unicode-range` it covers.
 */
export function fontFaces(): readonly Face[] {
  if (!faces) {
    const read = parseFaces(readFileSync(join(packageDir, `${WEIGHT}.css`), 'utf8'));
    if (read.length === 0) throw new Error(`@fontsource/noto-sans-sc/${WEIGHT}.css lists no font files`);
    faces = read;
  }
  return faces;
}

/** `@font-face { src: url(./files/x.woff2) …; unicode-range: U+4e00-4e0f,U+20; }` → faces. */
export function parseFaces(css: string): Face[] {
  const faces: Face[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;}]+)/.exec(block)?.[1];
    if (!file || !range) continue;
    const ranges = range.split(',').map((r): [number, number] => {
      const [lo = '', hi] = r.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(lo, 16), parseInt(hi ?? lo, 16)];
    }).filter(([lo, hi]) => Number.isFinite(lo) && Number.isFinite(hi)).sort((a, b) => a[0] - b[0]);
    faces.push({ file, ranges });
  }
  return faces;
}

function covers(face: Face, cp: number): boolean {
  // Binary search: the ranges are sorted and do not overlap.
  let lo = 0;
  let hi = face.ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = face.ranges[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The font files (relative to the package) that cover these characters; a character none covers is left out. */
export function filesFor(text: string): string[] {
  const all = fontFaces();
  const files = new Set<string>();
  for (const ch of new Set(text)) {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0x20) continue;
    const face = all.find((f) => covers(f, cp));
    if (face) files.add(face.file);
  }
  return [...files].sort();
}

/** A font file as TrueType, decompressed once per process (the promise is cached, so callers at the same time share it). */
export function ttfOf(file: string): Promise<Uint8Array> {
  let font = ttf.get(file);
  if (!font) {
    font = woff2ToTtf(readFileSync(join(packageDir, file)));
    // A failure is not cached: the next chart tries again.
    font.catch(() => ttf.delete(file));
    ttf.set(file, font);
  }
  return font;
}

/** TrueType buffers covering these characters. */
export async function fontBuffersFor(text: string): Promise<Uint8Array[]> {
  return Promise.all(filesFor(text).map(ttfOf));
}

/** How many font files are decompressed and held in memory (for tests and logs). */
export function cachedFontFiles(): number {
  return ttf.size;
}
