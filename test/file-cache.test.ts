import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesCodec, cached, type Codec } from '../src/lib/file-cache.ts';
import { makeTempDir } from './helpers/temp-dir.ts';

/** The on-disk cache behind the rendered PNGs and the GraphQL output: hits, one file per name, and no failure of its own. */

let dir: string;
let computed: string[];

beforeEach(() => {
  dir = makeTempDir('cfdb-cache');
  computed = [];
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Text stored as UTF-8; "broken" on disk is not recognised. */
const textCodec: Codec<string> = {
  encode: (text) => new TextEncoder().encode(text),
  decode: (bytes) => {
    const text = new TextDecoder().decode(bytes);
    return text === 'broken' ? undefined : text;
  },
};
const compute = (text: string) => async (): Promise<string> => {
  computed.push(text);
  return text;
};

test('computes once, then serves the stored value for the same name and key', async () => {
  expect(await cached(dir, 'erd', 'key 1', compute('first'), textCodec)).toBe('first');
  expect(await cached(dir, 'erd', 'key 1', compute('second'), textCodec)).toBe('first');
  expect(computed).toEqual(['first']);
  const [file] = readdirSync(dir);
  expect(file).toMatch(/^erd\.[0-9a-f]{32}$/);
  expect(readFileSync(join(dir, file ?? ''), 'utf8')).toBe('first');
});

test('bytesCodec stores bytes as they are', async () => {
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0]);
  await cached(dir, 'png', 'key', async () => bytes, bytesCodec);
  expect(await cached(dir, 'png', 'key', async () => new Uint8Array(), bytesCodec)).toEqual(bytes);
});

test('a new key computes again and replaces that name’s file, leaving other names alone', async () => {
  await cached(dir, 'erd', 'key 1', compute('old'), textCodec);
  await cached(dir, 'erd-detail', 'key 1', compute('other name'), textCodec);
  expect(await cached(dir, 'erd', 'key 2', compute('new'), textCodec)).toBe('new');
  expect(computed).toEqual(['old', 'other name', 'new']);
  const files = readdirSync(dir).sort();
  expect(files).toHaveLength(2);
  expect(files.map((file) => readFileSync(join(dir, file), 'utf8')).sort()).toEqual(['new', 'other name']);
});

test('a stored file the codec does not recognise is computed again and replaced', async () => {
  await cached(dir, 'erd', 'key', compute('first'), textCodec);
  const [file] = readdirSync(dir);
  writeFileSync(join(dir, file ?? ''), 'broken');
  expect(await cached(dir, 'erd', 'key', compute('fixed'), textCodec)).toBe('fixed');
  expect(await cached(dir, 'erd', 'key', compute('unused'), textCodec)).toBe('fixed');
  expect(computed).toEqual(['first', 'fixed']);
});

test('a folder that cannot be written only means computing every time', async () => {
  const blocked = join(dir, 'a-file');
  writeFileSync(blocked, 'not a folder');
  expect(await cached(join(blocked, 'cache'), 'erd', 'key', compute('one'), textCodec)).toBe('one');
  expect(await cached(join(blocked, 'cache'), 'erd', 'key', compute('two'), textCodec)).toBe('two');
  expect(computed).toEqual(['one', 'two']);
});

test('a failed computation stores nothing and fails the call', async () => {
  await expect(cached(dir, 'erd', 'key', () => Promise.reject(new Error('render failed')), textCodec)).rejects.toThrow('render failed');
  expect(readdirSync(dir)).toEqual([]);
});
