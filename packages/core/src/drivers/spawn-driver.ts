/**
 * Spawning a driver's child process, apart from the protocol code: the host spawns first and loads
 * vscode-jsonrpc while the child boots (a Node driver takes ~80 ms to answer; `ls` and `status` wait
 * for it). Until a DriverProcess takes the child over, its `exit` and `error` events are kept, so
 * none is lost and an early spawn error never goes unhandled.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { DRIVER_COOKIE_ENV, DRIVER_COOKIE_VALUE, DRIVER_NAME_ENV } from '@berth/driver-sdk';
import type { Env } from '../paths.js';
import type { ResolvedDriver } from './resolve-driver.js';

export type DriverChild = ChildProcessWithoutNullStreams;

export interface ChildEvents {
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
  onError(err: Error): void;
}

export interface SpawnedDriver {
  readonly resolved: ResolvedDriver;
  readonly child: DriverChild;
  /** Hands the child's events to `events`: those that already happened (on the next tick), then the rest. Once. */
  takeOver(events: ChildEvents): void;
}

/**
 * `env` is the driver's whole environment: the parent's is not inherited. A plain pipe spawn (no
 * shell): node's own child_process rather than execa, whose import alone adds ~110 ms to every
 * command that talks to a driver (`ls`, `env` are on the shell-prompt path); nothing here needs
 * execa's output collection.
 */
export function spawnDriver(resolved: ResolvedDriver, env: Env): SpawnedDriver {
  const child = spawn(resolved.command, resolved.args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: false,
    detached: false,
    env: { ...env, [DRIVER_COOKIE_ENV]: DRIVER_COOKIE_VALUE, [DRIVER_NAME_ENV]: resolved.name },
  });
  const early: Array<(events: ChildEvents) => void> = [];
  let owner: ChildEvents | undefined;
  const deliver = (event: (events: ChildEvents) => void) => (owner ? event(owner) : early.push(event));
  child.once('exit', (code, signal) => deliver((e) => e.onExit(code, signal)));
  child.on('error', (err) => deliver((e) => e.onError(err)));
  // Until the owner listens, a broken pipe must not become an uncaught 'error' event.
  const ignore = () => {};
  for (const stream of [child.stdin, child.stdout, child.stderr]) stream.on('error', ignore);
  return {
    resolved,
    child,
    takeOver(events) {
      if (owner) throw new Error(`Driver "${resolved.name}" was already taken over`);
      owner = events;
      for (const stream of [child.stdin, child.stdout, child.stderr]) stream.off('error', ignore);
      // Replayed after the caller's constructor has finished wiring up, as a live event would be.
      const missed = early.splice(0);
      if (missed.length > 0) process.nextTick(() => missed.forEach((event) => event(events)));
    },
  };
}
