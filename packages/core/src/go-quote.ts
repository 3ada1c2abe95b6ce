/**
 * Go's `strconv.Quote` (what `%q` prints for a string): double quotes around the text, `\"` and `\\`
 * escaped, the control characters with a short escape as `\a \b \f \n \r \t \v`, the other ASCII
 * controls and DEL as `\xNN`, other non-printable characters as `\uNNNN` or `\UNNNNNNNN`, and every
 * printable character (Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the
 * ASCII space) kept as it is.
 */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) out += escapeRune(char);
  return `${out}"`;
}

const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function escapeRune(char: string): string {
  if (char === '"' || char === '\\') return `\\${char}`;
  if (PRINTABLE.test(char)) return char;
  const short = SHORT_ESCAPES[char];
  if (short) return short;
  let code = char.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `\\x${hex(code, 2)}`;
  // A lone surrogate is no valid rune: Go escapes it as the replacement character.
  if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
  return code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}
