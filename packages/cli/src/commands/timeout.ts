import { UsageError } from '../cli-error.js';

/** `-t/--timeout SECONDS` → milliseconds. */
export function parseTimeoutSeconds(value: unknown): number {
  const text = String(value ?? '10');
  if (!/^\d+$/.test(text)) throw new UsageError(`Invalid value "${text}" for --timeout: expected a whole number of seconds`);
  return Number.parseInt(text, 10) * 1000;
}
