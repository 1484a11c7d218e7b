import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
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

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
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

const renderOptions: ResvgRenderOptions = {
  font: {
    loadSystemFonts: false,
    fontFiles: FONT_FILES,
    defaultFontFamily: FONT_FAMILY,
    monospaceFamily: FONT_FAMILY,
    sansSerifFamily: FONT_FAMILY,
    serifFamily: FONT_FAMILY,
  },
  background: 'white',
  fitTo: { mode: 'zoom', value: PNG_ZOOM },
  logLevel: 'off',
};

/** Rasterises on libuv's thread pool, so several diagrams render at once. */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  const image = await renderAsync(svg, renderOptions);
  return new Uint8Array(image.asPng());
}

interface RenderedDiagram {
  dot: string;
  files: Promise<[svg: string, png: Uint8Array]>;
}

/**
 * The last rendering of each diagram, by name. In a watch loop most edits
 * change one domain, so the other domains' diagrams come from here: the DOT
 * is a pure function of the model, and equal DOT gives equal bytes.
 */
const lastRendered = new Map<string, RenderedDiagram>();

function render(name: string, dot: string): RenderedDiagram['files'] {
  const cached = lastRendered.get(name);
  if (cached?.dot === dot) return cached.files;
  const files = dotToSvg(dot).then(async (svg): Promise<[string, Uint8Array]> => [svg, await svgToPng(svg)]);
  lastRendered.set(name, { dot, files });
  // A failed render must not be served from the cache next time.
  files.catch(() => lastRendered.delete(name));
  return files;
}

/** docs/diagrams/creativeflow_ai_erd.{svg,png} and docs/diagrams/<domain>.{svg,png}. */
export async function renderErd(model: SchemaModel): Promise<Artifact[]> {
  const files = await Promise.all(
    erdDiagrams(model).map(async (diagram): Promise<Artifact[]> => {
      const [svg, png] = await render(diagram.name, diagram.dot);
      return [
        { path: diagramPath(diagram.name, 'svg'), contents: svg },
        { path: diagramPath(diagram.name, 'png'), contents: png },
      ];
    }),
  );
  return files.flat();
}
