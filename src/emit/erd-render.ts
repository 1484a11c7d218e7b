import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { codeKey } from '../lib/code-key.ts';
import { bytesCodec, cached } from '../lib/file-cache.ts';
import { cacheDir } from '../lib/paths.ts';
import type { SchemaModel } from '../model/schema-model.ts';
import type { Artifact } from './artifact.ts';
import { diagramPath } from './doc-paths.ts';
import { erdDiagrams } from './erd-dot.ts';

/**
 * DOT → SVG (Graphviz compiled to WebAssembly) → PNG (resvg), identical
 * bytes on every machine: the PNG is drawn with DejaVu Sans Mono from the
 * dejavu-fonts-ttf package and never with a system font. erd-dot.ts sizes
 * every cell for that font's metrics; see the note there.
 */

/** The family the SVG asks for: DejaVu Sans Mono first, then fonts with the same 0.6 em advance. */
export const SVG_FONT_FAMILY = "'DejaVu Sans Mono', 'Courier New', Courier, monospace";
const FONT_FAMILY = 'DejaVu Sans Mono';
/**
 * Graphviz units are points and resvg maps 1pt to 4/3 px, so 1.125 gives
 * 1.5 px per point: 10pt column text is 15 px, crisp and legible. Time is
 * proportional to pixels (resvg spends ~40 ns per pixel on an empty canvas),
 * and 2 px per point would make the whole-schema PNG ~1.8x slower.
 */
const PNG_ZOOM = 1.125;
export const PNG_PIXELS_PER_POINT = (PNG_ZOOM * 4) / 3;
/**
 * The most pixels a PNG may have. A schema of hundreds of tables lays out
 * tens of thousands of points wide; at full zoom its PNG would take gigabytes
 * of memory and minutes, and no viewer shows it whole anyway. Past this size
 * the PNG is drawn smaller, as an overview, and the SVG keeps every detail.
 * The whole CreativeFlow schema is under a third of it.
 */
export const MAX_PNG_PIXELS = 32_000_000;

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const FONT_FILES = [join(fontDir, 'DejaVuSansMono.ttf'), join(fontDir, 'DejaVuSansMono-Bold.ttf')];

// Instantiating the WebAssembly module takes ~150 ms; do it once per process.
let graphviz: Promise<Graphviz> | undefined;
function loadGraphviz(): Promise<Graphviz> {
  graphviz ??= Graphviz.load();
  return graphviz;
}

export async function dotToSvg(dot: string): Promise<string> {
  const svg = (await loadGraphviz()).dot(dot, 'svg');
  return svg.replace(/font-family="[^"]*"/g, `font-family="${SVG_FONT_FAMILY}"`);
}

const renderOptions = {
  font: {
    loadSystemFonts: false,
    fontFiles: FONT_FILES,
    defaultFontFamily: FONT_FAMILY,
    monospaceFamily: FONT_FAMILY,
    sansSerifFamily: FONT_FAMILY,
    serifFamily: FONT_FAMILY,
  },
  background: 'white',
  logLevel: 'off',
} satisfies ResvgRenderOptions;

/** PNG_ZOOM, or less for a diagram so large that it would pass MAX_PNG_PIXELS. */
export function pngZoom(svg: string): number {
  const size = /<svg width="([\d.]+)pt" height="([\d.]+)pt"/.exec(svg);
  if (!size) throw new Error('Graphviz SVG without a width and height in points; cannot size its PNG.');
  // resvg sizes the image in CSS pixels (4/3 per point) times the zoom, rounded up.
  const [width, height] = [Number(size[1]) * (4 / 3), Number(size[2]) * (4 / 3)];
  const pixels = (zoom: number): number => Math.ceil(width * zoom) * Math.ceil(height * zoom);
  if (pixels(PNG_ZOOM) <= MAX_PNG_PIXELS) return PNG_ZOOM;
  let zoom = Math.sqrt(MAX_PNG_PIXELS / (width * height));
  // The rounding up can take the exact root a few pixels over.
  while (pixels(zoom) > MAX_PNG_PIXELS) zoom *= 0.9999;
  return zoom;
}

/** The last overview's render: each overview waits for the one before it (see svgToPng). */
let overviews: Promise<unknown> = Promise.resolve();

/**
 * Rasterises on libuv's thread pool, so several diagrams render at once;
 * but an overview (a diagram drawn smaller to stay within MAX_PNG_PIXELS)
 * waits for the overview before it: each holds a full-size canvas and the
 * parsed tree of a very large SVG, and at 1,000 tables two at once took the
 * model path past 1 GiB.
 */
export function svgToPng(svg: string): Promise<Uint8Array> {
  const zoom = pngZoom(svg);
  const render = async (): Promise<Uint8Array> => {
    const image = await renderAsync(svg, { ...renderOptions, fitTo: { mode: 'zoom', value: zoom } });
    return new Uint8Array(image.asPng());
  };
  if (zoom >= PNG_ZOOM) return render();
  const turn = overviews.then(render);
  overviews = turn.catch(() => undefined);
  return turn;
}

/**
 * svgToPng, or the PNG an earlier process rendered from the same SVG with the
 * same code (src/lib/code-key.ts: this module's options, the lock files, so
 * resvg's and the font's versions).
 */
export function cachedPng(name: string, svg: string): Promise<Uint8Array> {
  const code = codeKey();
  if (code === undefined) return svgToPng(svg);
  return cached(join(cacheDir(), 'png'), name, `${code}\n${svg}`, () => svgToPng(svg), bytesCodec);
}

interface RenderedDiagram {
  dot: string;
  files: Promise<[svg: string, png: Uint8Array]>;
}

/**
 * The last rendering of each diagram, by name, kept by whoever renders
 * repeatedly: in the dev loop most edits change one domain, so the other
 * domains' diagrams come from here (the DOT is a pure function of the model,
 * and equal DOT gives equal bytes). An instance, not module state, so that
 * two generations with their own memos really render twice.
 */
export class DiagramMemo {
  private readonly last = new Map<string, RenderedDiagram>();

  render(name: string, dot: string): RenderedDiagram['files'] {
    const kept = this.last.get(name);
    if (kept?.dot === dot) return kept.files;
    const files = dotToSvg(dot).then(async (svg): Promise<[string, Uint8Array]> => [svg, await cachedPng(name, svg)]);
    this.last.set(name, { dot, files });
    // A failed render must not be served from the memo next time.
    files.catch(() => this.last.delete(name));
    return files;
  }
}

/** docs/diagrams/creativeflow_ai_erd.{svg,png} and docs/diagrams/<domain>.{svg,png}. */
export async function emitErd(model: SchemaModel, memo = new DiagramMemo()): Promise<Artifact[]> {
  const files = await Promise.all(
    erdDiagrams(model).map(async (diagram): Promise<Artifact[]> => {
      const [svg, png] = await memo.render(diagram.name, diagram.dot);
      return [
        { path: diagramPath(diagram.name, 'svg'), contents: svg },
        { path: diagramPath(diagram.name, 'png'), contents: png },
      ];
    }),
  );
  return files.flat();
}
