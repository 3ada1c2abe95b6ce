/** Polling a machine's state until it is the one wanted: docker-machine's `mcnutils.WaitFor` with backoff. */
import { DriverError, ErrorCodes } from './error-codes.js';
import type { MachineState } from './states.js';

export interface WaitForStateOptions {
  /** Give up after this long with MACHINE_STATE_TIMEOUT (default WAIT_FOR_STATE_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Stop waiting when aborted, rejecting with the signal's reason (pass `ctx.signal`). */
  signal?: AbortSignal;
  /** First pause between two polls (default 500 ms); each next pause is 1.5 times longer... */
  intervalMs?: number;
  /** ...up to this (default 5 s). */
  maxIntervalMs?: number;
  /** Named in the timeout message. */
  machine?: string;
}

/** docker-machine waited 60 tries 3 s apart (3 minutes) for a VM to reach a state. */
export const WAIT_FOR_STATE_TIMEOUT_MS = 180_000;
const FIRST_INTERVAL_MS = 500;
const MAX_INTERVAL_MS = 5_000;
const BACKOFF_FACTOR = 1.5;

/**
 * Calls `getState` until it answers one of `wanted`, pausing longer between calls each time, and
 * resolves with that state. Rejects with DriverError `MACHINE_STATE_TIMEOUT` (naming the last state
 * seen) after `timeoutMs`, with the signal's reason when `signal` aborts, and with whatever `getState`
 * throws (errors are not retried).
 *
 * @example
 * await vm.powerOn(id);
 * await waitForState(() => this.getState(machine, ctx), 'Running', { signal: ctx.signal, machine: machine.name });
 */
export async function waitForState(
  getState: () => Promise<MachineState>,
  wanted: MachineState | readonly MachineState[],
  options: WaitForStateOptions = {},
): Promise<MachineState> {
  const wantedStates: readonly MachineState[] = typeof wanted === 'string' ? [wanted] : wanted;
  const timeoutMs = options.timeoutMs ?? WAIT_FOR_STATE_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let interval = options.intervalMs ?? FIRST_INTERVAL_MS;
  for (;;) {
    options.signal?.throwIfAborted();
    const state = await getState();
    if (wantedStates.includes(state)) return state;
    const left = deadline - Date.now();
    if (left <= 0) {
      const which = options.machine === undefined ? 'The machine' : `Machine "${options.machine}"`;
      throw new DriverError(
        ErrorCodes.MACHINE_STATE_TIMEOUT,
        `${which} did not become ${wantedStates.join(' or ')} within ${timeoutMs} ms (last state: ${state})`,
      );
    }
    await sleep(Math.min(interval, left), options.signal);
    interval = Math.min(interval * BACKOFF_FACTOR, options.maxIntervalMs ?? MAX_INTERVAL_MS);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
