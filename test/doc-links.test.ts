import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { isGeneratedPath } from '../src/lib/generated-paths.ts';
import { repoRoot } from '../src/lib/paths.ts';

/**
 * The hand-written docs name only files of this repository: every relative
 * link resolves to a file or folder inside the checkout (and its #anchor to
 * a heading there), and no path points outside it. A clone has nothing else.
 */

interface Problem {
  file: string;
  target: string;
  why: string;
}

/** README.md and docs/*.md, less the generated ones. */
function handWrittenDocs(): string[] {
  const docs = readdirSync(join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs].filter((path) => !isGeneratedPath(path)).sort();
}

/** The text outside fenced code blocks, where links and headings live. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  return new Set([...prose(markdown).matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingAnchor(m[1] ?? '')));
}

/** What is wrong with the links of `file` (repository-relative), whose Markdown is `markdown`. */
function problemsIn(file: string, markdown = readFileSync(join(repoRoot, file), 'utf8')): Problem[] {
  const text = prose(markdown);
  const problems: Problem[] = [];
  for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    const [path = '', anchor] = target.split('#');
    if (path === '') {
      if (anchor !== undefined && !anchorsOf(markdown).has(anchor)) problems.push({ file, target, why: 'no such heading' });
      continue;
    }
    const resolved = join(repoRoot, dirname(file), decodeURIComponent(path));
    const inside = relative(repoRoot, resolved);
    if (inside.startsWith('..') || inside.startsWith(sep)) problems.push({ file, target, why: 'outside the repository' });
    else if (!existsSync(resolved)) problems.push({ file, target, why: 'no such file' });
    else if (anchor !== undefined && statSync(resolved).isFile() && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) {
      problems.push({ file, target, why: 'no such heading' });
    }
  }
  // A path in backticks is a reference too, as `../shared/DESIGN.md` was.
  for (const [, path = ''] of text.matchAll(/`(\.\.\/[^`\s]*)`/g)) problems.push({ file, target: path, why: 'outside the repository' });
  return problems;
}

describe('documentation links', () => {
  test('README.md and the hand-written docs link only to files in the repository', () => {
    const files = handWrittenDocs();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/conventions.md', 'docs/workflow.md']));
    expect(files.flatMap((file) => problemsIn(file))).toEqual([]);
  });

  test('the check finds a link out of the repository, a missing file and a missing heading', () => {
    const markdown = [
      'See [the design](../../shared/DESIGN.md), [gone](missing.md), [no heading](workflow.md#no-such-heading) and `../shared/DESIGN.md`.',
      'Fine: [first run](workflow.md#first-run), [the loop](workflow.md#the-loop-npm-run-dev), [top](#conventions), [site](https://squawkhq.com).',
      '```sh',
      'cat [not a link](../outside.md)',
      '```',
      '# Conventions',
    ].join('\n');
    expect(problemsIn('docs/example.md', markdown)).toEqual([
      { file: 'docs/example.md', target: '../../shared/DESIGN.md', why: 'outside the repository' },
      { file: 'docs/example.md', target: 'missing.md', why: 'no such file' },
      { file: 'docs/example.md', target: 'workflow.md#no-such-heading', why: 'no such heading' },
      { file: 'docs/example.md', target: '../shared/DESIGN.md', why: 'outside the repository' },
    ]);
    expect(headingAnchor("When two engineers' migrations collide")).toBe('when-two-engineers-migrations-collide');
  });
});
