/**
 * SQL text → statements as lists of words, for reading statement heads
 * (`create table app_public.x`) out of migrations without a full parser.
 * Comments, string literals and dollar-quoted bodies (function bodies, DO
 * blocks) are skipped, so a `create table` inside one is never seen; a
 * statement ends at a `;` outside them. Unquoted words are lower-cased, as
 * PostgreSQL folds them; quoted identifiers keep their case and are marked.
 */

export interface SqlWord {
  text: string;
  /** A "quoted identifier": never a keyword. */
  quoted: boolean;
}

const wordStart = /[A-Za-z_\u0080-\uffff]/;
const wordPart = /[A-Za-z0-9_$\u0080-\uffff]/;
const dollarTag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

export function statementWords(sql: string): SqlWord[][] {
  const statements: SqlWord[][] = [];
  let words: SqlWord[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '/' && next === '*') {
      i = blockCommentEnd(sql, i);
    } else if (c === "'") {
      i = quotedEnd(sql, i, "'", false);
    } else if (c === '"') {
      const end = quotedEnd(sql, i, '"', false);
      words.push({ text: sql.slice(i + 1, end - 1).replaceAll('""', '"'), quoted: true });
      i = end;
    } else if (c === '$' && dollarTag.test(sql.slice(i, i + 64))) {
      const tag = (dollarTag.exec(sql.slice(i, i + 64)) as RegExpExecArray)[0];
      const end = sql.indexOf(tag, i + tag.length);
      i = end < 0 ? sql.length : end + tag.length;
    } else if (wordStart.test(c)) {
      let end = i + 1;
      while (end < sql.length && wordPart.test(sql[end] as string)) end++;
      const text = sql.slice(i, end);
      // E'…' is a string with backslash escapes, not the word e.
      if ((text === 'e' || text === 'E') && sql[end] === "'") i = quotedEnd(sql, end, "'", true);
      else {
        words.push({ text: text.toLowerCase(), quoted: false });
        i = end;
      }
    } else if (c === ';') {
      if (words.length > 0) statements.push(words);
      words = [];
      i++;
    } else {
      // A dot joins the parts of a qualified name; other punctuation and numbers are not needed here.
      if (c === '.') words.push({ text: '.', quoted: false });
      i++;
    }
  }
  if (words.length > 0) statements.push(words);
  return statements;
}

/**
 * The SQL without its comments, and without whitespace outside literals but
 * one space between two words: two texts that differ only in comments and
 * layout give the same result (what graphile-migrate's watch compares before
 * re-running a file). Literals, quoted identifiers and dollar-quoted bodies
 * are kept as written.
 */
export function withoutComments(sql: string): string {
  const out: string[] = [];
  // A space is owed before the next kept text: whitespace or a comment came since the last.
  let space = false;
  const keep = (text: string): void => {
    if (text === '') return;
    // Punctuation on either side separates tokens by itself: `( id` and `(id` are the same SQL.
    if (space && /[\w$'"]$/.test(out.at(-1) ?? '') && /^[\w$'"]/.test(text)) out.push(' ');
    space = false;
    out.push(text);
  };
  const special = /--|\/\*|['"]|\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$|\s+/g;
  let i = 0;
  for (let match = special.exec(sql); match; match = special.exec(sql)) {
    const [token] = match;
    const start = match.index;
    keep(sql.slice(i, start));
    const afterWord = /[A-Za-z0-9_$]/.test(sql[start - 1] ?? '');
    let end = start + token.length;
    if (token === '--') {
      const eol = sql.indexOf('\n', start);
      end = eol < 0 ? sql.length : eol;
      space = true;
    } else if (token === '/*') {
      end = blockCommentEnd(sql, start);
      space = true;
    } else if (/^\s/.test(token)) {
      space = true;
    } else if (token === "'" || token === '"') {
      // E'…' takes backslash escapes; the E is the whole word before the quote.
      const escapes = token === "'" && /(?:^|[^A-Za-z0-9_$])[eE]$/.test(sql.slice(Math.max(0, start - 2), start));
      end = quotedEnd(sql, start, token, escapes);
      keep(sql.slice(start, end));
    } else if (afterWord) {
      // $ inside an identifier (a$b$) starts no dollar quote.
      keep(token);
    } else {
      const close = sql.indexOf(token, end);
      end = close < 0 ? sql.length : close + token.length;
      keep(sql.slice(start, end));
    }
    i = end;
    special.lastIndex = end;
  }
  keep(sql.slice(i));
  return out.join('');
}

/** The index after a /* … *\/ comment, which PostgreSQL lets nest. */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

/** The index after a literal opened by `quote` at start; a doubled quote stays inside, as does a backslash-escaped one in E''. */
function quotedEnd(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === quote && sql[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return sql.length;
}
