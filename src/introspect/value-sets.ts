/**
 * Reads closed value sets and length limits off CHECK constraint texts as
 * pg_get_constraintdef prints them. PostgreSQL normalises what was written:
 *
 *   col in ('A', 'B')        → CHECK ((col = ANY (ARRAY['A'::text, 'B'::text])))
 *   varchar col in (…)       → CHECK (((col)::text = ANY ((ARRAY['A'::character varying, …])::text[])))
 *   col = 'A'                → CHECK ((col = 'A'::text))
 *   char_length(col) <= 255  → CHECK ((char_length(col) <= 255))
 *
 * so a few patterns over the deparsed text cover every spelling. A check
 * that ANDs several such conditions yields each of them; anything else
 * (OR, other functions) yields nothing rather than a guess.
 */

export interface CheckFacts {
  /** column → allowed values, in the order the CHECK lists them. */
  valueSets: Map<string, string[]>;
  /** column → the greatest allowed char_length. */
  maxLengths: Map<string, number>;
}

const IDENT = String.raw`(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")`;
/** A column, possibly parenthesised and cast: col, (col)::text, "Col". */
const COLUMN = String.raw`\(?(${IDENT})\)?(?:::[a-z ]+)?`;
const LITERAL = String.raw`'((?:[^']|'')*)'::[a-z ]+(?:\(\d+\))?`;

const anyArray = new RegExp(String.raw`^${COLUMN} = ANY \(\(?ARRAY\[(.*?)\](?:\)::[a-z ]+\[\])?\)$`, 's');
const singleValue = new RegExp(String.raw`^${COLUMN} = ${LITERAL}$`, 's');
const lengthLimit = new RegExp(String.raw`^(?:char_length|character_length|length)\(${COLUMN}\) (<=|<) (\d+)$`);
const literalList = new RegExp(String.raw`^${LITERAL}(?:, |$)`, 's');

export function readCheck(definition: string): CheckFacts {
  const facts: CheckFacts = { valueSets: new Map(), maxLengths: new Map() };
  const body = checkBody(definition);
  if (body === undefined) return facts;
  for (const condition of splitTopLevelAnd(stripOuterParens(body))) {
    readCondition(stripOuterParens(condition), facts);
  }
  return facts;
}

function readCondition(condition: string, facts: CheckFacts): void {
  const any = anyArray.exec(condition);
  if (any) {
    const values = readLiterals(any[2] ?? '');
    if (values) setFirst(facts.valueSets, unquoteIdent(any[1] ?? ''), values);
    return;
  }
  const single = singleValue.exec(condition);
  if (single) {
    setFirst(facts.valueSets, unquoteIdent(single[1] ?? ''), [unquoteLiteral(single[2] ?? '')]);
    return;
  }
  const length = lengthLimit.exec(condition);
  if (length) {
    const column = unquoteIdent(length[1] ?? '');
    const max = Number(length[3]) - (length[2] === '<' ? 1 : 0);
    const previous = facts.maxLengths.get(column);
    facts.maxLengths.set(column, previous === undefined ? max : Math.min(previous, max));
  }
}

function setFirst(map: Map<string, string[]>, key: string, values: string[]): void {
  if (!map.has(key)) map.set(key, values);
}

/** The literals of an ARRAY[…] body, or undefined when it holds anything but string literals. */
function readLiterals(list: string): string[] | undefined {
  const values: string[] = [];
  let rest = list;
  while (rest.length > 0) {
    const match = literalList.exec(rest);
    if (!match) return undefined;
    values.push(unquoteLiteral(match[1] ?? ''));
    rest = rest.slice(match[0].length);
  }
  return values.length > 0 ? values : undefined;
}

/** "CHECK (…)" → "…", ignoring a trailing NOT VALID / NO INHERIT. */
function checkBody(definition: string): string | undefined {
  if (!definition.startsWith('CHECK (')) return undefined;
  const close = matchingParen(definition, 'CHECK '.length);
  return close === undefined ? undefined : definition.slice('CHECK ('.length, close);
}

function stripOuterParens(text: string): string {
  let current = text.trim();
  while (current.startsWith('(') && matchingParen(current, 0) === current.length - 1) {
    current = current.slice(1, -1).trim();
  }
  return current;
}

/** Splits on AND at parenthesis depth 0, outside literals and quoted names. */
function splitTopLevelAnd(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  scanUnquoted(text, 0, (i, depth) => {
    if (depth === 0 && i >= start && text.startsWith(' AND ', i)) {
      parts.push(text.slice(start, i));
      start = i + ' AND '.length;
    }
    return false;
  });
  parts.push(text.slice(start));
  return parts;
}

/** Index of the parenthesis closing the one at `open`, skipping quoted text. */
function matchingParen(text: string, open: number): number | undefined {
  return scanUnquoted(text, open, (i, depth) => depth === 0 && text[i] === ')');
}

/**
 * Calls visit(i, depth) for each character from `from` that is outside quotes,
 * with the parenthesis depth at that character (a parenthesis counts as
 * outside the pair it opens or closes); returns the index where visit said stop.
 */
function scanUnquoted(text: string, from: number, visit: (i: number, depth: number) => boolean): number | undefined {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === "'" || char === '"') {
      i = closingQuote(text, i);
      continue;
    }
    if (char === ')') depth--;
    if (visit(i, depth)) return i;
    if (char === '(') depth++;
  }
  return undefined;
}

/** Index of the quote ending the quoted text opened at `open` (a doubled quote is an escaped one). */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] !== quote) continue;
    if (text[i + 1] === quote) {
      i++;
      continue;
    }
    return i;
  }
  return text.length;
}

function unquoteIdent(ident: string): string {
  return ident.startsWith('"') ? ident.slice(1, -1).replaceAll('""', '"') : ident;
}

function unquoteLiteral(body: string): string {
  return body.replaceAll("''", "'");
}
