// Go's fmt package as text/template uses it: default printing (%v), Sprint, Sprintln and a
// Sprintf subset. JS values stand for what encoding/json decodes into an interface{}: string,
// bool, nil (null), []interface{} (arrays) and map[string]interface{} (plain objects). Numbers
// that are integers print as Go ints; other numbers print as Go float64s.

/**
 * Marks a plain object as a Go struct of the named type: a field it lacks is then an execution error
 * ("can't evaluate field X in type T"), as in docker-machine, instead of a map's `<no value>`.
 */
export const GO_STRUCT_TYPE = Symbol('go struct type');

export function asGoStruct<T extends object>(value: T, typeName: string): T {
  return Object.defineProperty({ ...value }, GO_STRUCT_TYPE, { value: typeName, enumerable: false });
}

export function goStructType(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? (value as { [GO_STRUCT_TYPE]?: string })[GO_STRUCT_TYPE] : undefined;
}

const GO_NIL_POINTER = Symbol('go nil pointer');

/**
 * A nil pointer of the named type (e.g. `*engine.Options`): prints `<nil>`, is false, and reading a
 * field of it is Go's "nil pointer evaluating *engine.Options.X" error. It has no enumerable keys.
 */
export function goNilPointer(typeName: string): object {
  // One per type: frozen, so rows can share it (freezing a fresh object per row cost ls ~5 ms).
  let nil = nilPointers.get(typeName);
  if (!nil) nilPointers.set(typeName, (nil = Object.freeze({ [GO_NIL_POINTER]: typeName })));
  return nil;
}

const nilPointers = new Map<string, object>();

export function goNilPointerType(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? (value as { [GO_NIL_POINTER]?: string })[GO_NIL_POINTER] : undefined;
}

/** The Go type name of a JS value, as Go would name its JSON-decoded equivalent (or the struct type asGoStruct gave it). */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  const struct = goStructType(value) ?? goNilPointerType(value);
  if (struct) return struct;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return isGoInt(value) ? 'int' : 'float64';
  if (typeof value === 'bigint') return 'int64';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

export function isGoInt(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < 1e21;
}

/** Go's strconv.FormatFloat(n, 'g', -1, 64), which fmt's %v uses for float64. */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  const exp = Number(expText);
  // Shortest digits use %e when the exponent is < -4 or >= 6 (strconv's 'g' with precision -1).
  let body: string;
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    body = `${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else {
    body = fixed(digits, exp);
  }
  return negative ? `-${body}` : body;
}

function fixed(digits: string, exp: number): string {
  if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return digits + '0'.repeat(exp + 1 - digits.length);
  return `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** fmt's %v for a value (nil prints `<nil>`; maps print with sorted keys). */
export function formatGoValue(value: unknown): string {
  return formatVerb(value, 'v', NO_SPEC);
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  args.forEach((arg, i) => {
    const previous = args[i - 1];
    if (i > 0 && typeof arg !== 'string' && typeof previous !== 'string') out += ' ';
    out += formatGoValue(arg);
  });
  return out;
}

/** fmt.Sprintln: always a space between operands, and a newline at the end. */
export function sprintln(args: readonly unknown[]): string {
  return `${args.map(formatGoValue).join(' ')}\n`;
}

/** Compares strings by their UTF-8 bytes, as Go's sort of string keys does. */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sortedKeys(object: object): string[] {
  return Object.keys(object)
    .filter((key) => (object as Record<string, unknown>)[key] !== undefined)
    .sort(compareGoStrings);
}

interface Spec {
  minus: boolean;
  plus: boolean;
  zero: boolean;
  sharp: boolean;
  space: boolean;
  width: number | undefined;
  precision: number | undefined;
}

const NO_SPEC: Spec = { minus: false, plus: false, zero: false, sharp: false, space: false, width: undefined, precision: undefined };

/** fmt.Sprintf for the verbs %v %s %d %q %t %f %e %g %x %X %c %%, flags `-+0# ` and width/precision. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argIndex = 0;
  let i = 0;
  while (i < format.length) {
    const percent = format.indexOf('%', i);
    if (percent < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, percent);
    i = percent + 1;
    const spec: Spec = { ...NO_SPEC };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') spec.minus = true;
      else if (c === '+') spec.plus = true;
      else if (c === '0') spec.zero = true;
      else if (c === '#') spec.sharp = true;
      else if (c === ' ') spec.space = true;
      else break;
    }
    const width = /^\d+/.exec(format.slice(i));
    if (width) {
      spec.width = Number(width[0]);
      i += width[0].length;
    }
    if (format[i] === '.') {
      const precision = /^\d*/.exec(format.slice(i + 1))?.[0] ?? '';
      spec.precision = Number(precision || '0');
      i += 1 + precision.length;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatVerb(args[argIndex++], verb, spec);
  }
  if (argIndex < args.length) {
    const extra = args.slice(argIndex).map((arg) => (arg === null || arg === undefined ? '<nil>' : `${goTypeName(arg)}=${formatGoValue(arg)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

function formatVerb(value: unknown, verb: string, spec: Spec): string {
  if (value === null || value === undefined) return verb === 'v' ? pad('<nil>', spec) : `%!${verb}(<nil>)`;
  // A nil inside a list or map prints <nil> whatever the verb.
  const element = (item: unknown): string => (item === null || item === undefined ? pad('<nil>', spec) : formatVerb(item, verb, spec));
  if (Array.isArray(value)) return `[${value.map(element).join(' ')}]`;
  if (goNilPointerType(value)) return verb === 'v' ? pad('<nil>', spec) : badVerb(value, verb);
  if (goStructType(value)) {
    // A struct prints its field values in field order: `{a [] false}` (a pointer to it is dereferenced first).
    return `{${Object.values(value).map(element).join(' ')}}`;
  }
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const entries = sortedKeys(object).map((key) => `${formatVerb(key, verb, spec)}:${element(object[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  if (typeof value === 'boolean') return verb === 'v' || verb === 't' ? pad(String(value), spec) : badVerb(value, verb);
  if (typeof value === 'number') return formatNumberVerb(value, verb, spec);
  if (typeof value === 'bigint') return formatNumberVerb(Number(value), verb, spec);
  return formatStringVerb(String(value), verb, spec);
}

function badVerb(value: unknown, verb: string): string {
  return `%!${verb}(${goTypeName(value)}=${formatGoValue(value)})`;
}

function formatStringVerb(s: string, verb: string, spec: Spec): string {
  const truncated = spec.precision === undefined ? s : [...s].slice(0, spec.precision).join('');
  switch (verb) {
    case 'v':
    case 's':
      return pad(truncated, spec);
    case 'q':
      return pad(quoteGoString(truncated), spec);
    case 'x':
    case 'X': {
      const bytes = [...Buffer.from(truncated, 'utf8')].map((byte) => byte.toString(16).padStart(2, '0'));
      const hex = bytes.join(spec.space ? ' ' : '');
      return pad(verb === 'X' ? hex.toUpperCase() : hex, spec);
    }
    default:
      return badVerb(s, verb);
  }
}

function formatNumberVerb(n: number, verb: string, spec: Spec): string {
  const isInt = isGoInt(n);
  let body: string;
  switch (verb) {
    case 'v':
      body = isInt ? BigInt(n).toString() : formatGoFloat(n);
      if (!isInt && spec.precision !== undefined) body = Math.abs(n).toPrecision(spec.precision);
      break;
    case 'd':
      if (!isInt) return badVerb(n, verb);
      body = BigInt(n).toString();
      break;
    case 'x':
    case 'X':
    case 'o':
    case 'b':
      if (!isInt) return badVerb(n, verb);
      body = BigInt(n).toString(verb === 'o' ? 8 : verb === 'b' ? 2 : 16);
      if (verb === 'X') body = body.toUpperCase();
      break;
    case 'c':
      return isInt ? pad(String.fromCodePoint(n), spec) : badVerb(n, verb);
    case 'q':
      return isInt ? pad(`'${String.fromCodePoint(n)}'`, spec) : badVerb(n, verb);
    case 'f':
    case 'F':
      body = Math.abs(n).toFixed(spec.precision ?? 6);
      break;
    case 'e':
    case 'E':
      body = Math.abs(n).toExponential(spec.precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      if (verb === 'E') body = body.toUpperCase();
      break;
    case 'g':
      body = spec.precision === undefined ? formatGoFloat(Math.abs(n)) : Math.abs(n).toPrecision(spec.precision);
      break;
    default:
      return badVerb(n, verb);
  }
  body = body.replace(/^-/, '');
  const sign = n < 0 || Object.is(n, -0) ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  if (spec.zero && !spec.minus && spec.width !== undefined) {
    return sign + body.padStart(spec.width - sign.length, '0');
  }
  return pad(sign + body, spec);
}

function pad(s: string, spec: Spec): string {
  if (spec.width === undefined) return s;
  const missing = spec.width - [...s].length;
  if (missing <= 0) return s;
  return spec.minus ? s + ' '.repeat(missing) : ' '.repeat(missing) + s;
}

/** Go's strconv.Quote: double-quoted, Go escapes, printable Unicode kept as is. */
export function quoteGoString(s: string): string {
  let out = '"';
  for (const ch of toWellFormed(s)) {
    const code = ch.codePointAt(0) ?? 0;
    out += quoteRune(ch, code);
  }
  return `${out}"`;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"',
};

function quoteRune(ch: string, code: number): string {
  const simple = SIMPLE_ESCAPES[ch];
  if (simple !== undefined) return simple;
  if (code === 0x20 || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) return ch;
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/** Replaces lone surrogates with U+FFFD, as encoding a JS string to UTF-8 does. */
export function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
