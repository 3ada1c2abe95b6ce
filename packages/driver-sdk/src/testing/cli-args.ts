/** The command line of `berth-driver-conformance`, parsed into runConformance options. */
import { basename } from 'node:path';
import type { FlagValue } from '../flags.js';
import type { ConformanceOptions } from './conformance-options.js';
import { driverCommand } from './conformance-options.js';

export const USAGE = `Usage: berth-driver-conformance <executable> [options] [-- <driver args>...]

Runs the berth driver conformance suite against a driver executable (a .js/.mjs/.cjs entry runs
under this Node) and prints one PASS or FAIL line per check. Exits 1 when a check fails.

Options:
  --driver NAME        the driver's name (BERTH_DRIVER_NAME); default: NAME from berth-driver-NAME
  --flag NAME=VALUE    a create flag for machine/configFromFlags (repeat for more)
  --lifecycle          also create, stop, start and remove a real machine
  --timeout MS         limit for each call and wait (default 15000)
  --json               print the report as JSON instead
  -h, --help           show this help
`;

export type ParsedArgs =
  | { kind: 'help' }
  | { kind: 'run'; options: ConformanceOptions; json: boolean };

/** Throws an Error with a one-line message for a usage mistake. */
export function parseConformanceArgs(argv: readonly string[]): ParsedArgs {
  const createFlags: Record<string, FlagValue> = {};
  let executable: string | undefined;
  let driverName: string | undefined;
  let lifecycle = false;
  let json = false;
  let timeoutMs: number | undefined;
  let driverArgs: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const value = (): string => {
      const next = argv[i + 1];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      i += 1;
      return next;
    };
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    else if (arg === '--') {
      driverArgs = argv.slice(i + 1);
      break;
    } else if (arg === '--driver') driverName = value();
    else if (arg === '--flag') {
      const pair = value();
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`--flag takes NAME=VALUE, got "${pair}"`);
      const name = pair.slice(0, at).replace(/^--/, '');
      const given = pair.slice(at + 1);
      const previous = createFlags[name];
      // A repeated flag collects its values, as a stringSlice flag on berth's command line.
      createFlags[name] = previous === undefined ? given : [...(Array.isArray(previous) ? previous : [String(previous)]), given];
    } else if (arg === '--lifecycle') lifecycle = true;
    else if (arg === '--json') json = true;
    else if (arg === '--timeout') {
      const text = value();
      if (!/^\d+$/.test(text) || Number(text) === 0) throw new Error(`--timeout takes a number of milliseconds, got "${text}"`);
      timeoutMs = Number(text);
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else if (executable === undefined) executable = arg;
    else throw new Error(`unexpected argument "${arg}" (one executable only; driver arguments go after --)`);
  }
  if (executable === undefined) throw new Error('the driver executable is missing');
  driverName ??= /^berth-driver-(.+?)(?:\.[cm]?js|\.exe)?$/.exec(basename(executable))?.[1];
  if (driverName === undefined) throw new Error(`"${basename(executable)}" is not named berth-driver-NAME: give --driver NAME`);
  const command = driverCommand(executable);
  const options: ConformanceOptions = {
    command: command.command,
    args: [...command.args, ...driverArgs],
    driverName,
    createFlags,
    lifecycle,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
  return { kind: 'run', options, json };
}
