// Go literal syntax inside template actions: strconv.Unquote for "..." and `...` strings,
// character constants ('a', '\n') and numbers as text/template/parse's newNumber accepts them.
import { quoteGoString } from './go-fmt.js';

const SYNTAX = 'invalid syntax';

const SIMPLE: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

interface Unescaped {
  /** A code point (encoded as UTF-8) or, for \x and octal escapes, a single raw byte. */
  value: number;
  isByte: boolean;
  rest: string;
}

/** One step of Go's strconv.UnquoteChar. */
function unquoteChar(s: string, quote: string): Unescaped | Error {
  const first = String.fromCodePoint(s.codePointAt(0) ?? 0);
  if (s.length === 0 || first === quote) return new Error(SYNTAX);
  if (first !== '\\') return { value: first.codePointAt(0)!, isByte: false, rest: s.slice(first.length) };
  const c = s[1];
  if (c === undefined) return new Error(SYNTAX);
  const simple = SIMPLE[c];
  if (simple !== undefined) return { value: simple, isByte: false, rest: s.slice(2) };
  if (c === "'" || c === '"') {
    return c === quote ? { value: c.charCodeAt(0), isByte: false, rest: s.slice(2) } : new Error(SYNTAX);
  }
  const hexLength = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const digits = s.slice(2, 2 + hexLength);
    if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(digits)) return new Error(SYNTAX);
    const value = parseInt(digits, 16);
    if (c !== 'x' && (value > 0x10ffff || (value >= 0xd800 && value < 0xe000))) return new Error(SYNTAX);
    return { value, isByte: c === 'x', rest: s.slice(2 + hexLength) };
  }
  const octal = s.slice(1, 4);
  if (/^[0-7]{3}$/.test(octal) && parseInt(octal, 8) <= 255) {
    return { value: parseInt(octal, 8), isByte: true, rest: s.slice(4) };
  }
  return new Error(SYNTAX);
}

/** strconv.Unquote for the two string forms the template lexer produces. */
export function unquoteGo(text: string): string | Error {
  if (text.startsWith('`')) {
    if (text.length < 2 || !text.endsWith('`')) return new Error(SYNTAX);
    return text.slice(1, -1).replaceAll('\r', '');
  }
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return new Error(SYNTAX);
  let body = text.slice(1, -1);
  if (body.includes('\n')) return new Error(SYNTAX);
  const bytes: number[] = [];
  while (body.length > 0) {
    const step = unquoteChar(body, '"');
    if (step instanceof Error) return step;
    if (step.isByte) bytes.push(step.value);
    else bytes.push(...Buffer.from(String.fromCodePoint(step.value), 'utf8'));
    body = step.rest;
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/** The value of a number or character-constant token, or the error Go's parser reports. */
export function parseGoNumber(text: string, isCharConstant: boolean): number | Error {
  if (isCharConstant) {
    const step = unquoteChar(text.slice(1), "'");
    if (step instanceof Error) return step;
    if (step.rest !== "'") return new Error(`malformed character constant: ${text}`);
    return step.value;
  }
  const sign = text.startsWith('-') ? -1 : 1;
  const unsigned = text.replace(/^[+-]/, '');
  const intMatch = /^(?:0[xX](_?[0-9a-fA-F])+|0[oO](_?[0-7])+|0[bB](_?[01])+|0(_?[0-7])*|[1-9](_?[0-9])*)$/.test(unsigned);
  if (intMatch) {
    let digits = unsigned.replaceAll('_', '');
    if (/^0[0-7]+$/.test(digits)) digits = `0o${digits.slice(1)}`;
    const value = BigInt(digits) * BigInt(sign);
    if (value > 2n ** 64n - 1n || value < -(2n ** 63n)) return new Error(`integer overflow: ${quoteGoString(text)}`);
    return Number(value);
  }
  const floatMatch = /^(?:[0-9](_?[0-9])*(\.([0-9](_?[0-9])*)?)?|\.[0-9](_?[0-9])*)([eE][+-]?[0-9](_?[0-9])*)?$/.test(unsigned);
  if (floatMatch && /[.eE]/.test(unsigned)) return sign * Number(unsigned.replaceAll('_', ''));
  const hexFloat = /^0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/.exec(unsigned);
  if (hexFloat && (hexFloat[1] || hexFloat[2])) {
    const whole = (hexFloat[1] ?? '').replaceAll('_', '');
    const frac = (hexFloat[2] ?? '').replaceAll('_', '');
    const mantissa = parseInt(`${whole}${frac}` || '0', 16) / 16 ** frac.length;
    return sign * mantissa * 2 ** Number(hexFloat[3]!.replaceAll('_', ''));
  }
  return new Error(`illegal number syntax: ${quoteGoString(text)}`);
}
