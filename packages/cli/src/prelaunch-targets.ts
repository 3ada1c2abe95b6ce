/**
 * The machines whose drivers main.ts starts before commander is built (core's prelaunchDrivers):
 * `ls` needs every machine's driver, `status|url|ip NAME...` the named machines' drivers. Anything
 * else, `ls -q` (no driver), or a help request starts nothing.
 */
export interface PrelaunchTargets {
  /** Omitted: every machine in the store. */
  names?: string[];
}

const BY_NAME = new Set(['status', 'url', 'ip']);

export function prelaunchTargets(argv: readonly string[], at: number): PrelaunchTargets | undefined {
  const sub = argv[at];
  if (at < 0 || sub === undefined) return undefined;
  const rest = argv.slice(at + 1);
  if (rest.some((a) => a === '-h' || a === '--help')) return undefined;
  if (sub === 'ls') return rest.some((a) => a === '-q' || a === '--quiet') ? undefined : {};
  if (!BY_NAME.has(sub)) return undefined;
  const names = rest.filter((a) => !a.startsWith('-'));
  return names.length > 0 ? { names } : undefined;
}
