// The chart the owner gets in WeChat is a PNG drawn on the server (ECharts → SVG → resvg with
// Noto Sans SC): it is a real PNG of the size asked, and its Chinese is drawn as glyphs — each
// character its own shape, not the same empty box for all — from the font files in node_modules.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { EChartsOption } from 'echarts';
import { renderChartPng, renderChartSvg, svgAsDrawn, svgText, svgToPng, writePng } from './chart-png.ts';
import { cachedFontFiles, filesFor, parseFaces } from './png/fonts.ts';

const TITLE = '近8周销售额和订单';

const option: EChartsOption = {
  title: { text: TITLE, left: 'center', top: 8 },
  legend: { bottom: 4 },
  grid: { top: 70, bottom: 60, left: 60, right: 50 },
  xAxis: { type: 'category', data: ['9月28日', '10月5日', '10月12日', '10月19日', '10月26日', '11月2日', '11月9日', '11月16日'] },
  yAxis: [{ type: 'value', name: '销售额（元）' }, { type: 'value', name: '订单（单）' }],
  series: [
    { type: 'bar', name: '销售额', data: [820, 932, 901, 1234, 1290, 1330, 1320, 1520] },
    { type: 'line', name: '订单数', yAxisIndex: 1, data: [12, 15, 14, 20, 21, 22, 20, 25] },
  ],
};

/** The pixels of a PNG as resvg writes it: 8-bit RGBA, not interlaced. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter]!;
      rgba[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** Pixels in a box that are not the white background. */
function ink(image: { width: number; rgba: Uint8Array }, box: { x0: number; y0: number; x1: number; y1: number }): number {
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * image.width + x) * 4;
      if (image.rgba[i]! < 200 || image.rgba[i + 1]! < 200 || image.rgba[i + 2]! < 200) n++;
    }
  }
  return n;
}

describe('a chart as a PNG with Chinese text', () => {
  it('is a PNG of the size asked (twice the layout size by default), its title drawn, nothing there without the font', async () => {
    const started = performance.now();
    const png = await renderChartPng(option, { width: 640, height: 400 });
    const firstMs = performance.now() - started;
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([1280, 800]);

    // The title band: ink with the CJK font; with no font at all the same SVG draws no text there.
    const svg = renderChartSvg(option, { width: 640, height: 400 });
    const without = decodePng(await svgToPng(svg, { scale: 2, fonts: false }));
    const titleBand = { x0: 400, y0: 0, x1: 880, y1: 60 };
    expect(ink(without, titleBand)).toBe(0);
    expect(ink(image, titleBand)).toBeGreaterThan(1500);
    // Bars and lines are drawn either way: the difference is the text.
    expect(ink(without, { x0: 0, y0: 0, x1: 1280, y1: 800 })).toBeGreaterThan(50_000);

    // Once the wasm is compiled and the fonts are in memory, another chart is quicker (alone:
    // the first about a second, the next a few hundred milliseconds).
    const again = performance.now();
    await renderChartPng({ ...option, title: { text: '本周每天的销售额' } }, { width: 640, height: 400 });
    expect(performance.now() - again).toBeLessThan(Math.max(2_000, firstMs));
  });

  it('draws the title as glyph outlines, each character a shape of its own (no empty boxes)', async () => {
    const svg = renderChartSvg(option, { width: 640, height: 400 });
    expect(svgText(svg)).toContain(TITLE);
    // resvg turns text into paths: with the font every <text> becomes glyph outlines.
    const drawn = await svgAsDrawn(svg);
    expect(drawn).not.toContain('<text');
    const none = await svgAsDrawn(svg, { fonts: false });
    const paths = (s: string) => (s.match(/<path /g) ?? []).length;
    // One path per text run at least: the title, 2 axis names, 8 + the value labels, 2 legend names.
    expect(paths(drawn) - paths(none)).toBeGreaterThanOrEqual(13);

    // Each character of the title alone: a font lacking a glyph draws the same box for all.
    const shapes = new Set<string>();
    for (const ch of new Set(TITLE)) {
      const one = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><text x="4" y="30" style="font-size:30px;font-family:sans-serif">${ch}</text></svg>`;
      const { rgba } = decodePng(await svgToPng(one));
      expect(ink({ width: 40, rgba }, { x0: 0, y0: 0, x1: 40, y1: 40 }), ch).toBeGreaterThan(30);
      shapes.add(Buffer.from(rgba).toString('base64'));
    }
    expect(shapes.size).toBe(new Set(TITLE).size);
  });

  it('loads only the font files that cover the characters used, from the package CSS', () => {
    const files = filesFor(TITLE);
    expect(files.length).toBeGreaterThan(0);
    expect(files.length).toBeLessThanOrEqual(new Set(TITLE).size);
    for (const f of files) expect(f).toMatch(/^files\/noto-sans-sc-[\w-]+-400-normal\.woff2$/);
    expect(filesFor('abc 123')).toHaveLength(1);
    expect(cachedFontFiles()).toBeLessThan(40);
    expect(parseFaces("@font-face { src: url(./files/x.woff2) format('woff2'); unicode-range: U+4e00-4e0f,U+20; }"))
      .toEqual([{ file: 'files/x.woff2', ranges: [[0x20, 0x20], [0x4e00, 0x4e0f]] }]);
  });

  it('writes the PNG under the data directory’s exports/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-chart-'));
    const png = await renderChartPng(option, { width: 320, height: 200, scale: 1 });
    const path = writePng(dir, 'numbers-test', png);
    expect(path).toBe(join(dir, 'exports', 'numbers-test.png'));
    expect(readFileSync(path).equals(png)).toBe(true);
    expect(decodePng(png).width).toBe(320);
    // For a person to look at: SAVE_PNG=1 npx vitest run handlers/console/chart-png.test.ts (.tmp/ is gitignored).
    if (process.env.SAVE_PNG) {
      mkdirSync('.tmp', { recursive: true });
      writeFileSync('.tmp/chart.png', await renderChartPng(option, { width: 640, height: 400 }));
    }
  });
});
