/**
 * Identifiers and literals as the server's quote_ident and quote_literal
 * print them, for code that renders catalog facts in TypeScript. quotedKeywords
 * is the server's pg_get_keywords() where catcode is not 'U' (SchemaModel.quotedKeywords).
 */
export function quoteIdentWith(quotedKeywords: readonly string[]): (name: string) => string {
  const keywords = new Set(quotedKeywords);
  return (name) => (/^[a-z_][a-z0-9_]*$/.test(name) && !keywords.has(name) ? name : `"${name.replaceAll('"', '""')}"`);
}

/** quote_literal: a backslash doubles and makes it an E'' string. */
export function quoteLiteralAsServer(text: string): string {
  const quoted = `'${text.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;
  return text.includes('\\') ? `E${quoted}` : quoted;
}
