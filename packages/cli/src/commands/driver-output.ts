/** How `berth driver ls` and `berth driver inspect` print: Go tabwriter tables like `berth ls`, or JSON. */
import type { DriverSource, ListedDriver } from '@berth/core';
import type { Flag, InitializeResult } from '@berth/driver-sdk';
import { formatTable } from '../render/tabwriter.js';

/** What an empty cell shows. */
const NONE = '-';

const cell = (value: string) => (value === '' ? NONE : value.replace(/[\t\n]/g, ' '));

export function renderDriverTable(rows: readonly ListedDriver[]): string {
  const lines = [['NAME', 'VERSION', 'SOURCE', 'PROTOCOL', 'PACKAGE', 'PATH']];
  for (const row of rows) lines.push([row.name, row.version, row.source, row.protocol.join(','), row.package, row.path].map(cell));
  return formatTable(lines.map((line) => `${line.join('\t')}\n`).join(''));
}

export function renderJSON(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}

/** The driver names, each once, in table order. */
export function renderDriverNames(rows: readonly ListedDriver[]): string {
  return [...new Set(rows.map((row) => row.name))].map((name) => `${name}\n`).join('');
}

export interface DriverDescription {
  info: InitializeResult;
  source: DriverSource;
  path: string;
  packageName?: string;
}

/** `berth driver inspect NAME`: one `Key: value` line per fact, then the create flags as a table. */
export function renderDriverDescription(d: DriverDescription): string {
  const capabilities = Object.entries(d.info.capabilities)
    .map(([name, supported]) => `${name}=${supported ? 'yes' : 'no'}`)
    .join(' ');
  const facts: Array<[string, string]> = [
    ['Name', d.info.driver.name],
    ['Version', d.info.driver.version],
    ['Protocol', String(d.info.protocolVersion)],
    ['Source', d.source],
    ['Package', d.packageName ?? ''],
    ['Path', d.path],
    ['Capabilities', capabilities],
  ];
  const head = formatTable(facts.map(([key, value]) => `${key}:\t${cell(value)}\n`).join(''), { padding: 1 });
  return `${head}Create flags:${renderFlags(d.info.createFlags)}`;
}

function renderFlags(flags: readonly Flag[]): string {
  if (flags.length === 0) return ' none\n';
  const rows = [['FLAG', 'TYPE', 'DEFAULT', 'ENV VAR', 'USAGE']];
  for (const flag of [...flags].sort((a, b) => a.name.localeCompare(b.name))) {
    rows.push([`--${flag.name}`, flag.type, formatDefault(flag.default), flag.envVar ?? '', flag.usage].map(cell));
  }
  const table = formatTable(rows.map((row) => `${row.join('\t')}\n`).join(''));
  return `\n${table.replace(/^(?=.)/gm, '  ')}`;
}

function formatDefault(value: Flag['default']): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
