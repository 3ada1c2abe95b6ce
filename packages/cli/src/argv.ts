import type { Command } from 'commander';
import { UsageError } from './cli-error.js';

/** A flag as Go's flag package knows it: its long and/or one-letter name, and whether it is a bool. */
export interface KnownFlag {
  long?: string;
  short?: string;
  bool: boolean;
}

/** The global flags (program.ts defines the same ones for commander), with `--help` and `--version`. */
const GLOBAL_FLAGS: readonly KnownFlag[] = [
  { long: 'debug', short: 'D', bool: true },
  { long: 'storage-path', short: 's', bool: false },
  { long: 'tls-ca-cert', bool: false },
  { long: 'tls-ca-key', bool: false },
  { long: 'tls-client-cert', bool: false },
  { long: 'tls-client-key', bool: false },
  { long: 'github-api-token', bool: false },
  { long: 'native-ssh', bool: true },
  { long: 'bugsnag-api-token', bool: false },
  { long: 'help', short: 'h', bool: true },
  { long: 'version', short: 'v', bool: true },
];

/** Global flags that take a value (they must come before the sub-command, as in docker-machine). */
const GLOBAL_VALUE_FLAGS = new Set(
  GLOBAL_FLAGS.filter((f) => !f.bool).flatMap((f) => [f.long && `--${f.long}`, f.short && `-${f.short}`]),
);

/** Index of the sub-command in argv (after the global flags), or -1. */
export function subcommandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-')) return i;
    if (GLOBAL_VALUE_FLAGS.has(arg)) i++;
  }
  return -1;
}

/** Commands that parse their own flags (`ssh NAME -L ...` passes everything on). */
const OWN_FLAG_PARSERS = new Set(['ssh']);

/** Go flag syntax for the global flags, up to the sub-command (see goFlagSyntax). */
export function normalizeGlobalFlags(argv: readonly string[], programName: string): string[] {
  return goFlagSyntax(argv, 0, GLOBAL_FLAGS, { stopAtArgument: true, help: `${programName} --help` }).argv;
}

/**
 * Go flag syntax for the flags of the sub-command at `argv[at]` (and of `driver`'s sub-command), as
 * defined on `program` when this runs: for `create`, after its driver's flags were added.
 */
export function normalizeCommandFlags(argv: readonly string[], at: number, program: Command): string[] {
  let out = [...argv];
  let command = findCommand(program, argv[at]);
  let path = `${program.name()} ${argv[at]}`;
  let from = at + 1;
  while (command && !OWN_FLAG_PARSERS.has(command.name())) {
    const nested = command.commands.length > 0;
    const result = goFlagSyntax(out, from, flagsOf(command), { stopAtArgument: nested, help: `${path} --help` });
    out = result.argv;
    if (!nested) break;
    const name = out[result.end];
    command = findCommand(command, name);
    path = `${path} ${name}`;
    from = result.end + 1;
  }
  return out;
}

function findCommand(parent: Command, name: string | undefined): Command | undefined {
  if (name === undefined) return undefined;
  return parent.commands.find((c) => c.name() === name || c.aliases().includes(name));
}

/** A commander command's options as Go flags, with the `--help, -h` every command has. */
function flagsOf(command: Command): KnownFlag[] {
  const flags: KnownFlag[] = command.options.map((o) => ({
    ...(o.long ? { long: o.long.slice(2) } : {}),
    ...(o.short ? { short: o.short.slice(1) } : {}),
    bool: !o.required && !o.optional,
  }));
  flags.push({ long: 'help', short: 'h', bool: true });
  return flags;
}

/**
 * Rewrites the flags in `argv[from..]` from Go's flag syntax (docker-machine's, reference §1.1.6) into
 * commander's, for one command whose flags are `known`: `-name` → `--name`, `--n` → `-n`,
 * `-n=value` → `--name=value` (`-n value` when there is no long name), and a bool given as
 * `--name=true|false` (any Go ParseBool spelling) → `--name` or, for false, no flag at all. A value
 * flag's value is copied untouched. Go does not bundle one-letter flags, so `-xyz` is a flag named
 * `xyz`: one the command does not define is a one-line usage error naming it (commander would read
 * `-x` and then complain about `-yz`).
 * Stops at `--`, and with `stopAtArgument` at the first argument that is not a flag; `end` is the
 * index in the new argv where it stopped.
 */
export function goFlagSyntax(
  argv: readonly string[],
  from: number,
  known: readonly KnownFlag[],
  options: { stopAtArgument: boolean; help: string },
): { argv: string[]; end: number } {
  const out = argv.slice(0, from);
  const owners: Array<KnownFlag | undefined> = out.map(() => undefined);
  const push = (arg: string, owner?: KnownFlag) => {
    out.push(arg);
    owners.push(owner);
  };
  let i = from;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') {
      if (options.stopAtArgument) break;
      push(arg);
      continue;
    }
    const dashes = arg.startsWith('--') ? '--' : '-';
    const body = arg.slice(dashes.length);
    // `---x`, `-=x`: bad syntax in Go; commander reports them as unknown.
    if (body.startsWith('-') || body.startsWith('=')) {
      push(arg);
      continue;
    }
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const value = eq < 0 ? undefined : body.slice(eq + 1);
    const flag = known.find((f) => f.long === name || f.short === name);
    if (!flag) {
      throw new UsageError(`Incorrect Usage: flag provided but not defined: ${dashes}${name}. See '${options.help}'.`);
    }
    const spelling = name === flag.short ? `-${name}` : `--${name}`;
    if (flag.bool) {
      const on = value === undefined ? true : parseGoBool(value);
      if (on === undefined) {
        throw new UsageError(`Incorrect Usage: invalid boolean value "${value}" for ${dashes}${name}: use true or false. See '${options.help}'.`);
      }
      if (on) push(spelling, flag);
      else removeFlag(out, owners, flag); // Go's last value wins: `--swarm --swarm=false` is off.
    } else if (value !== undefined) {
      if (flag.long) {
        push(`--${flag.long}=${value}`, flag);
      } else {
        push(spelling, flag);
        push(value);
      }
    } else {
      push(spelling, flag);
      if (i + 1 < argv.length) push(argv[++i] as string);
    }
  }
  const end = out.length;
  for (; i < argv.length; i++) push(argv[i] as string);
  return { argv: out, end };
}

function removeFlag(out: string[], owners: Array<KnownFlag | undefined>, flag: KnownFlag): void {
  for (let j = out.length - 1; j >= 0; j--) {
    if (owners[j] === flag) {
      out.splice(j, 1);
      owners.splice(j, 1);
    }
  }
}

/** docker-machine switches debug on early for -D, --debug, -debug anywhere, or a true MACHINE_DEBUG. */
export function isDebug(argv: readonly string[], env: Record<string, string | undefined>): boolean {
  if (argv.some((a) => a === '-D' || a === '--debug' || a === '-debug')) return true;
  for (const name of ['BERTH_DEBUG', 'MACHINE_DEBUG']) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const parsed = parseGoBool(value);
    if (parsed === undefined) throw new UsageError(`Error parsing boolean value from ${name}: "${value}" is not true or false`);
    return parsed;
  }
  return false;
}

/** Go's strconv.ParseBool, which docker-machine used for MACHINE_DEBUG and for `--flag=value` bools. */
function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}
