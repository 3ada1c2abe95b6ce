import { isBerthError } from '../errors.js';

// The parts of a driver's or engine's error that machine operations (queries, create) carry into their own errors.

export function codeOf(err: unknown): string {
  return isBerthError(err) ? err.code : 'DRIVER_INTERNAL';
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function hintOf(err: unknown): { hint?: string } {
  return isBerthError(err) && err.hint ? { hint: err.hint } : {};
}
