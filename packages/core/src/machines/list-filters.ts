import { BerthError } from '../errors.js';
import type { MachineRecord } from '../store/record.js';

/** `ls --filter KEY=VALUE`: values of one key are OR-ed, different keys AND-ed (reference §1.7). */
export interface ListFilters {
  driver: string[];
  state: string[];
  /** Go regexps (RE2 syntax, as docker-machine's regexp.MatchString), unanchored. */
  name: NameMatcher[];
  swarm: string[];
  label: Array<{ key: string; value?: string }>;
}

interface NameMatcher {
  test(name: string): boolean;
}

const FILTER_KEYS = ['driver', 'state', 'name', 'swarm', 'label'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** Parses `--filter` values; the Go regexp engine is loaded only when a `name=` filter needs it. */
export async function parseListFilters(raw: readonly string[]): Promise<ListFilters> {
  const filters: ListFilters = { driver: [], state: [], name: [], swarm: [], label: [] };
  const compile = raw.some((item) => /^name=/i.test(item)) ? await goRegexpCompiler() : undefined;
  for (const item of raw) {
    const eq = item.indexOf('=');
    if (eq < 0) {
      throw new BerthError('INVALID_FILTER', `Unsupported filter syntax: "${item}"`, {
        hint: 'Filters look like KEY=VALUE, e.g. --filter driver=generic.',
      });
    }
    const key = item.slice(0, eq).toLowerCase();
    const value = item.slice(eq + 1);
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      throw new BerthError('INVALID_FILTER', `Unsupported filter key '${key}'`, {
        hint: `Use one of: ${FILTER_KEYS.join(', ')}.`,
      });
    }
    addFilter(filters, key as FilterKey, value, compile);
  }
  return filters;
}

type GoRegexpCompiler = (pattern: string) => NameMatcher;

/** Go's regexp syntax is RE2's (`(?i)`, `(?P<name>...)`, `[[:digit:]]`, `\pL`; no lookaround), so re2js. */
async function goRegexpCompiler(): Promise<GoRegexpCompiler> {
  const { RE2JS } = await import('re2js');
  return (pattern) => {
    const re = RE2JS.compile(pattern);
    return { test: (name) => re.matcher(name).find() };
  };
}

function addFilter(filters: ListFilters, key: FilterKey, value: string, compile: GoRegexpCompiler | undefined): void {
  switch (key) {
    case 'name':
      try {
        filters.name.push((compile as GoRegexpCompiler)(value));
      } catch (err) {
        throw new BerthError('INVALID_FILTER', `Invalid name filter "${value}": ${(err as Error).message}`, {
          hint: "The name filter is a Go regular expression, e.g. --filter name=^dev or --filter 'name=(?i)web'.",
          cause: err,
        });
      }
      return;
    case 'label': {
      // docker-machine crashed on a label filter without a value; here `label=KEY` matches any value.
      const eq = value.indexOf('=');
      filters.label.push(eq < 0 ? { key: value } : { key: value.slice(0, eq), value: value.slice(eq + 1) });
      return;
    }
    default:
      filters[key].push(value);
  }
}

export function hasStateFilter(filters: ListFilters): boolean {
  return filters.state.length > 0;
}

/** Filters that need no driver call. `swarmMasterOf` maps a discovery URL to its master's name. */
export function matchesStaticFilters(
  record: MachineRecord,
  filters: ListFilters,
  swarmMasterOf: (discovery: string) => string | undefined,
): boolean {
  const eqi = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (filters.driver.length && !filters.driver.some((d) => eqi(d, record.DriverName))) return false;
  if (filters.name.length) {
    const name = driverMachineName(record);
    if (!filters.name.some((re) => re.test(name))) return false;
  }
  if (filters.swarm.length) {
    const master = swarmMasterOf(record.HostOptions.SwarmOptions?.Discovery ?? '');
    if (!master || !filters.swarm.some((s) => eqi(s, master))) return false;
  }
  if (filters.label.length) {
    const labels = parseLabels(record.HostOptions.EngineOptions?.Labels ?? []);
    const ok = filters.label.some(({ key, value }) => {
      const actual = labels.get(key);
      return actual !== undefined && (value === undefined || eqi(actual, value));
    });
    if (!ok) return false;
  }
  return true;
}

export function matchesStateFilter(state: string, filters: ListFilters): boolean {
  return !filters.state.length || filters.state.some((s) => s.toLowerCase() === state.toLowerCase());
}

/** The name `name=` tests (reference §1.7.3): the driver's MachineName, not the directory's name, as in docker-machine. */
function driverMachineName(record: MachineRecord): string {
  const name = (record.Driver as { MachineName?: unknown } | undefined)?.MachineName;
  return typeof name === 'string' ? name : record.Name;
}

function parseLabels(labels: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const label of labels) {
    const eq = label.indexOf('=');
    if (eq >= 0) map.set(label.slice(0, eq), label.slice(eq + 1));
    else map.set(label, '');
  }
  return map;
}
