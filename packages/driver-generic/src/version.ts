import { readFileSync } from 'node:fs';

/** This package's version, reported by `initialize` (read once; a small file, cheap at start-up). */
export const DRIVER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
