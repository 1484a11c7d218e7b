/**
 * A PostgreSQL regular expression (ARE, as `~` reads it) → the source of a
 * JavaScript RegExp that accepts the same strings, or the reason it cannot be
 * translated. `~` asks whether the pattern matches anywhere, so greediness and
 * PostgreSQL's longest-match rule do not change the answer; what must agree is
 * each atom:
 *
 * - JS runs with the `u` flag (an astral character is one character, as in
 *   PostgreSQL) and `s` (`.` and `[^…]` match a newline, as in an ARE without
 *   the `n` option); `^` and `$` then anchor at the ends of the text in both.
 * - `[:space:]` and `\s` are ASCII white space: the database's collation is C
 *   (the project's clusters are created so), where PostgreSQL's character
 *   classes hold ASCII characters only. The parity test checks this against
 *   the live database with a no-break space.
 *
 * Only what is listed here is translated; back references, other classes,
 * embedded options and the like are reported, never approximated.
 */

export type RegexTranslation = { source: string } | { untranslatable: string };

/** Characters with a meaning in a JS `u` pattern, escaped when they stand for themselves (the only escapes `u` allows). */
const jsSyntax = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);
/** The same inside a character class, where `-` has a meaning too. */
const jsClassSyntax = new Set([...jsSyntax, '-']);
const asciiSpace = String.raw`\t\n\v\f\r `;

class Untranslatable extends Error {}

function literal(char: string, inClass = false): string {
  return (inClass ? jsClassSyntax : jsSyntax).has(char) ? `\\${char}` : char;
}

export function translatePgRegex(pattern: string): RegexTranslation {
  try {
    return { source: new PatternReader([...pattern]).read() };
  } catch (error) {
    if (error instanceof Untranslatable) return { untranslatable: error.message };
    throw error;
  }
}

/** Reads the pattern one code point at a time. */
class PatternReader {
  private at = 0;
  constructor(private readonly chars: readonly string[]) {}

  read(): string {
    if (this.chars.slice(0, 3).join('') === '***') throw new Untranslatable('a regex director (***)');
    let out = '';
    while (this.at < this.chars.length) out += this.atom();
    return out;
  }

  private next(): string {
    const char = this.chars[this.at++];
    if (char === undefined) throw new Untranslatable('a pattern that ends in the middle of an escape or bracket');
    return char;
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.at + offset];
  }

  private atom(): string {
    const char = this.next();
    switch (char) {
      case '\\':
        return this.escape();
      case '[':
        return this.bracket();
      case '{':
        return this.bound();
      case '(':
        if (this.peek() !== '?') return '(';
        if (this.peek(1) !== ':') throw new Untranslatable('a (? group other than (?:');
        this.at += 2;
        return '(?:';
      case '^':
      case '$':
      case '.':
      case '|':
      case ')':
      case '*':
      case '+':
      case '?':
        return char;
      default:
        return literal(char);
    }
  }

  private escape(): string {
    const char = this.next();
    if (char === 's') return `[${asciiSpace}]`;
    if (char === 'S') return `[^${asciiSpace}]`;
    if (/[\p{L}\p{N}]/u.test(char)) throw new Untranslatable(`the escape \\${char}`);
    return literal(char);
  }

  /** `{m}`, `{m,}` or `{m,n}`, copied as JS reads it. */
  private bound(): string {
    let text = '';
    while (this.peek() !== '}') {
      const char = this.next();
      if (!(char === ',' || (char >= '0' && char <= '9'))) throw new Untranslatable('a { that is not a bound {m,n}');
      text += char;
    }
    this.next();
    const [low, high, ...rest] = text.split(',');
    if (low === '' || low === undefined || rest.length > 0 || (high !== undefined && high !== '' && Number(high) < Number(low))) {
      throw new Untranslatable(`the bound {${text}}`);
    }
    return `{${text}}`;
  }

  private bracket(): string {
    let out = '[';
    if (this.peek() === '^') {
      this.next();
      out += '^';
    }
    // A ] right after [ or [^ stands for itself.
    let first = true;
    for (;;) {
      const char = this.next();
      if (char === ']' && !first) return `${out}]`;
      first = false;
      if (char === '[' && this.peek() === ':') {
        out += this.characterClass();
        continue;
      }
      if (char === '[' && (this.peek() === '.' || this.peek() === '=')) throw new Untranslatable('a collating element or equivalence class');
      if (char === '\\') throw new Untranslatable('an escape inside a bracket expression');
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.next();
        const end = this.next();
        if (end === '[') throw new Untranslatable('a range ending in a class');
        out += `${literal(char, true)}-${literal(end, true)}`;
        continue;
      }
      out += literal(char, true);
    }
  }

  private characterClass(): string {
    this.next();
    let name = '';
    while (!(this.peek() === ':' && this.peek(1) === ']')) name += this.next();
    this.at += 2;
    if (name === 'space') return asciiSpace;
    throw new Untranslatable(`the class [:${name}:]`);
  }
}
