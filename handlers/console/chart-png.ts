import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import { FONT_FAMILY, fontBuffersFor } from './png/fonts.ts';
import { resvgPng, resvgTree, type ResvgRenderOptions } from './png/resvg.ts';

// A chart as a PNG image, drawn on the server: WeChat shows no SVG, and the owner reads the
// numbers on a phone. ECharts draws the chart as SVG (server-side rendering, no DOM), then
// resvg (WebAssembly) turns it into pixels with Noto Sans SC, the CJK font, loaded only for the
// characters the chart shows (handlers/console/png/fonts.ts).

export interface ChartSize {
  /** In CSS pixels, as ECharts lays the chart out. */
  width: number;
  height: number;
  /** Pixels per CSS pixel in the PNG (default 2: sharp on a phone). */
  scale?: number;
}

export interface PngOptions {
  /** Pixels per CSS pixel (default 1). */
  scale?: number;
  /** Background colour (default white: a transparent PNG shows black in some WeChat views). */
  background?: string;
  /** Draw the text with the CJK font (default true). False draws no text at all: tests compare. */
  fonts?: boolean;
}

/** The chart as an SVG document (ECharts server-side rendering), text in the CJK font. */
export function renderChartSvg(option: EChartsOption, size: ChartSize): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, ...option, textStyle: { fontFamily: FONT_FAMILY, ...(option.textStyle as object | undefined) } });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The text an SVG document shows (its `<text>` elements): what the fonts must cover. */
export function svgText(svg: string): string {
  let text = '';
  for (const m of svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) text += decodeEntities((m[1] ?? '').replace(/<[^>]*>/g, ''));
  return text;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[lower] ?? '';
  });
}

async function renderOptions(svg: string, opts: PngOptions): Promise<ResvgRenderOptions> {
  // Only Noto Sans SC is loaded (no system fonts: the image is the same on every server), so
  // whatever family the SVG names, its text is drawn with it.
  const fontBuffers = opts.fonts === false ? [] : await fontBuffersFor(svgText(svg));
  return {
    background: opts.background ?? '#ffffff',
    fitTo: { mode: 'zoom', value: opts.scale ?? 1 },
    font: { fontBuffers, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY, serifFamily: FONT_FAMILY, monospaceFamily: FONT_FAMILY },
    // Outlines as drawn, not hinted for a screen: the image is read on a phone, and zoomed.
    textRendering: 2,
  };
}

/** An SVG document as PNG bytes, its text drawn with the parts of Noto Sans SC it uses. */
export async function svgToPng(svg: string, opts: PngOptions = {}): Promise<Buffer> {
  const png = await resvgPng(svg, await renderOptions(svg, opts));
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}

/**
 * The SVG document as resvg draws it: every text turned into glyph outlines (`<path>`), none
 * left as `<text>`. What a chart's words became, for tests.
 */
export async function svgAsDrawn(svg: string, opts: PngOptions = {}): Promise<string> {
  return resvgTree(svg, await renderOptions(svg, opts));
}

/** An ECharts option drawn as a PNG image with Chinese text. */
export async function renderChartPng(option: EChartsOption, size: ChartSize): Promise<Buffer> {
  return svgToPng(renderChartSvg(option, size), { scale: size.scale ?? 2 });
}

/**
 * Writes a PNG under the data directory's `exports/` (where `/接龙 导出` writes its pick lists),
 * whole or not at all (a temp file renamed), and returns its path.
 */
export function writePng(dataDir: string, name: string, png: Buffer): string {
  const dir = join(dataDir, 'exports');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name.endsWith('.png') ? name : `${name}.png`);
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, png);
  renameSync(tmp, path);
  return path;
}
