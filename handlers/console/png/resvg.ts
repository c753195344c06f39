import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg, type ResvgRenderOptions } from '@resvg/resvg-wasm';

export type { ResvgRenderOptions };

// resvg (Rust, compiled to WebAssembly): SVG in, PNG out, text turned into glyph outlines with
// the fonts it is given. The module is compiled once per process, on the first chart.

const require = createRequire(import.meta.url);
let ready: Promise<void> | undefined;

function init(): Promise<void> {
  ready ??= initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm'))).catch((err: unknown) => {
    ready = undefined;
    throw err;
  });
  return ready;
}

/** Renders an SVG document to PNG bytes. */
export async function resvgPng(svg: string, options: ResvgRenderOptions): Promise<Uint8Array> {
  await init();
  const resvg = new Resvg(svg, options);
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/** The SVG as resvg reads it (usvg's tree written out): text as glyph paths. */
export async function resvgTree(svg: string, options: ResvgRenderOptions): Promise<string> {
  await init();
  const resvg = new Resvg(svg, options);
  try {
    return resvg.toString();
  } finally {
    resvg.free();
  }
}
