import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The CLI package's version (read once from its package.json). */
export function cliVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
