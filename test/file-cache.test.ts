import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedBytes } from '../src/lib/file-cache.ts';

/** The on-disk cache behind the rendered PNGs: hits, one file per name, and no failure of its own. */

let dir: string;
let computed: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cfdb-cache-'));
  computed = [];
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const compute = (text: string) => async (): Promise<Uint8Array> => {
  computed.push(text);
  return bytes(text);
};
const decode = (data: Uint8Array): string => new TextDecoder().decode(data);

test('computes once, then serves the stored bytes for the same name and key', async () => {
  expect(decode(await cachedBytes(dir, 'erd', 'key 1', compute('first')))).toBe('first');
  expect(decode(await cachedBytes(dir, 'erd', 'key 1', compute('second')))).toBe('first');
  expect(computed).toEqual(['first']);
  const [file] = readdirSync(dir);
  expect(file).toMatch(/^erd\.[0-9a-f]{32}$/);
  expect(readFileSync(join(dir, file ?? ''), 'utf8')).toBe('first');
});

test('a new key computes again and replaces that name’s file, leaving other names alone', async () => {
  await cachedBytes(dir, 'erd', 'key 1', compute('old'));
  await cachedBytes(dir, 'erd-detail', 'key 1', compute('other name'));
  expect(decode(await cachedBytes(dir, 'erd', 'key 2', compute('new')))).toBe('new');
  expect(computed).toEqual(['old', 'other name', 'new']);
  const files = readdirSync(dir).sort();
  expect(files).toHaveLength(2);
  expect(files.map((file) => readFileSync(join(dir, file), 'utf8')).sort()).toEqual(['new', 'other name']);
});

test('a folder that cannot be written only means computing every time', async () => {
  const blocked = join(dir, 'a-file');
  writeFileSync(blocked, 'not a folder');
  expect(decode(await cachedBytes(join(blocked, 'cache'), 'erd', 'key', compute('one')))).toBe('one');
  expect(decode(await cachedBytes(join(blocked, 'cache'), 'erd', 'key', compute('two')))).toBe('two');
  expect(computed).toEqual(['one', 'two']);
});

test('a failed computation stores nothing and fails the call', async () => {
  await expect(cachedBytes(dir, 'erd', 'key', () => Promise.reject(new Error('render failed')))).rejects.toThrow('render failed');
  expect(readdirSync(dir)).toEqual([]);
});

test('a stored file that `valid` rejects is computed again and replaced', async () => {
  await cachedBytes(dir, 'erd', 'key', compute('broken'));
  const isValid = (data: Uint8Array): boolean => decode(data) !== 'broken';
  expect(decode(await cachedBytes(dir, 'erd', 'key', compute('fixed'), isValid))).toBe('fixed');
  expect(decode(await cachedBytes(dir, 'erd', 'key', compute('unused'), isValid))).toBe('fixed');
  expect(computed).toEqual(['broken', 'fixed']);
});
