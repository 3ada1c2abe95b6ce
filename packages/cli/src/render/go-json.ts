// Go's encoding/json Marshal and MarshalIndent for JSON-shaped JS values: map keys sorted by
// bytes, `<`, `>`, `&`, U+2028 and U+2029 escaped (Go's default HTML-safe escaping), and
// control characters as \u00XX.
import { sortedKeys, toWellFormed } from './go-fmt.js';

/** json.Marshal (indent '') or json.MarshalIndent(v, '', indent). Returns undefined where Go fails (NaN, Inf). */
export function marshalGoJson(value: unknown, indent = ''): string | undefined {
  try {
    return encode(value, indent, '');
  } catch (err) {
    if (err instanceof UnsupportedValueError) return undefined;
    throw err;
  }
}

class UnsupportedValueError extends Error {}

function encode(value: unknown, indent: string, prefix: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quoteJsonString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UnsupportedValueError();
    return Object.is(value, -0) ? '-0' : String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  const inner = prefix + indent;
  const open = indent ? `\n${inner}` : '';
  const separator = indent ? `,\n${inner}` : ',';
  const close = indent ? `\n${prefix}` : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${open}${value.map((item) => encode(item, indent, inner)).join(separator)}${close}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = sortedKeys(object);
  if (keys.length === 0) return '{}';
  const colon = indent ? ': ' : ':';
  const members = keys.map((key) => `${quoteJsonString(key)}${colon}${encode(object[key], indent, inner)}`);
  return `{${open}${members.join(separator)}${close}}`;
}

const JSON_ESCAPES: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t',
  '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
};

export function quoteJsonString(s: string): string {
  const escaped = toWellFormed(s).replace(/["\\<>&\u2028\u2029\u0000-\u001f]/g, (ch) => {
    return JSON_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}
