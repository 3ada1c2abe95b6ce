// The functions a template can call: Go's text/template builtins (and, or, not, len, index,
// print, printf, println, eq, ne, lt, le, gt, ge), which `ls --format` has, plus docker-machine
// inspect's json and prettyjson (reference §1.4). `undefined` stands for Go's invalid
// reflect.Value (a missing map key), `null` for a nil interface.
import { compareGoStrings, goTypeName, sprint, sprintf, sprintln, formatGoValue } from './go-fmt.js';
import { marshalGoJson } from './go-json.js';

/**
 * How an argument is checked before the call, like Go's parameter types: 'value' (builtins
 * taking reflect.Value: anything, even missing), 'any' (interface{}: missing becomes nil)
 * or 'string'.
 */
export type ParamKind = 'value' | 'any' | 'string';

export interface TemplateFunction {
  /** Parameter kinds; with `variadic` the last one repeats and may be absent. */
  params: ParamKind[];
  variadic: boolean;
  call(args: unknown[]): unknown;
}

/** Thrown by a function; execution reports it as `error calling NAME: MESSAGE`. */
export class FunctionCallError extends Error {}

/** Go's isTrue: false, 0, "", nil and empty lists and maps are false. */
export function isTrue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

type BasicKind = 'invalid' | 'bool' | 'number' | 'string' | 'other';

function basicKind(value: unknown): BasicKind {
  if (value === undefined || value === null) return 'invalid';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'string') return 'string';
  return 'other';
}

const BAD_COMPARISON = 'incompatible types for comparison';
const BAD_COMPARISON_TYPE = 'invalid type for comparison';

function eq(first: unknown, others: unknown[]): boolean {
  if (others.length === 0) throw new FunctionCallError('missing argument for comparison');
  const k1 = basicKind(first);
  for (const other of others) {
    const k2 = basicKind(other);
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') throw new FunctionCallError(BAD_COMPARISON);
      continue;
    }
    if (k1 === 'other') {
      throw new FunctionCallError(`non-comparable type ${formatGoValue(other)}: ${goTypeName(other)}`);
    }
    if (k1 === 'invalid' || first == other) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k1 === 'other' || k2 === 'invalid' || k2 === 'other') throw new FunctionCallError(BAD_COMPARISON_TYPE);
  if (k1 !== k2) throw new FunctionCallError(BAD_COMPARISON);
  if (k1 === 'bool') throw new FunctionCallError(BAD_COMPARISON_TYPE);
  if (k1 === 'string') return compareGoStrings(a as string, b as string) < 0;
  return (a as number) < (b as number);
}

function length(value: unknown): number {
  if (value === null) throw new FunctionCallError('len of nil pointer');
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  if (value === undefined) throw new FunctionCallError('reflect: call of reflect.Value.Type on zero Value');
  throw new FunctionCallError(`len of type ${goTypeName(value)}`);
}

function index(item: unknown, keys: unknown[]): unknown {
  let current = item;
  for (const key of keys) {
    if (current === undefined || current === null) throw new FunctionCallError('index of untyped nil');
    if (Array.isArray(current) || typeof current === 'string') {
      if (typeof key !== 'number' || !Number.isInteger(key)) throw new FunctionCallError(`cannot index slice/array with type ${goTypeName(key)}`);
      const size = typeof current === 'string' ? Buffer.byteLength(current) : current.length;
      if (key < 0 || key >= size) throw new FunctionCallError(`index out of range: ${key}`);
      current = typeof current === 'string' ? Buffer.from(current)[key] : current[key];
    } else if (typeof current === 'object') {
      if (typeof key !== 'string') throw new FunctionCallError(`value has type ${goTypeName(key)}; should be string`);
      const map = current as Record<string, unknown>;
      current = Object.hasOwn(map, key) && map[key] !== undefined ? map[key] : null;
    } else {
      throw new FunctionCallError(`can't index item of type ${goTypeName(current)}`);
    }
  }
  return current;
}

const fn = (params: ParamKind[], call: (args: unknown[]) => unknown, variadic = false): TemplateFunction => ({ params, variadic, call });

/** Go's builtins. `and` and `or` short-circuit, so the executor evaluates them itself; their entries give the arity. */
export const BUILTIN_FUNCTIONS: ReadonlyMap<string, TemplateFunction> = new Map([
  ['and', fn(['value', 'value'], () => undefined, true)],
  ['or', fn(['value', 'value'], () => undefined, true)],
  ['not', fn(['value'], ([a]) => !isTrue(a))],
  ['len', fn(['value'], ([a]) => length(a))],
  ['index', fn(['value', 'value'], ([item, ...keys]) => index(item, keys), true)],
  ['print', fn(['any'], (args) => sprint(args), true)],
  ['println', fn(['any'], (args) => sprintln(args), true)],
  ['printf', fn(['string', 'any'], ([format, ...args]) => sprintf(format as string, args), true)],
  ['eq', fn(['value', 'value'], ([a, ...rest]) => eq(a, rest), true)],
  ['ne', fn(['value', 'value'], ([a, b]) => !eq(a, [b]))],
  ['lt', fn(['value', 'value'], ([a, b]) => lt(a, b))],
  ['le', fn(['value', 'value'], ([a, b]) => lt(a, b) || eq(a, [b]))],
  ['gt', fn(['value', 'value'], ([a, b]) => !(lt(a, b) || eq(a, [b])))],
  ['ge', fn(['value', 'value'], ([a, b]) => !lt(a, b))],
]);

/** `inspect --format`: the builtins plus docker-machine's json (compact) and prettyjson (4-space indent). */
export const INSPECT_FUNCTIONS: ReadonlyMap<string, TemplateFunction> = new Map([
  ...BUILTIN_FUNCTIONS,
  ['json', fn(['any'], ([a]) => marshalGoJson(a) ?? '')],
  ['prettyjson', fn(['any'], ([a]) => marshalGoJson(a, '    ') ?? '')],
]);
