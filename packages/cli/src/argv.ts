import { UsageError } from './cli-error.js';

/** Global flags that take a value (they must come before the sub-command, as in docker-machine). */
const GLOBAL_VALUE_FLAGS = new Set([
  '-s', '--storage-path', '--tls-ca-cert', '--tls-ca-key', '--tls-client-cert', '--tls-client-key',
  '--github-api-token', '--bugsnag-api-token',
]);

/** Index of the sub-command in argv (after the global flags), or -1. */
export function subcommandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-')) return i;
    if (GLOBAL_VALUE_FLAGS.has(arg)) i++;
  }
  return -1;
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

/** Go's strconv.ParseBool, which docker-machine used for MACHINE_DEBUG. */
function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}
