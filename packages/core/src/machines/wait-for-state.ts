import type { MachineState } from '@berth/driver-sdk';
import { BerthError } from '../errors.js';

/**
 * How long a machine may take to reach a state. docker-machine polled every 3 s, 60 times; we poll
 * with a short capped backoff (answers in ~100 ms when the machine is quick) under the same 3-minute cap.
 */
export const STATE_WAIT_TIMEOUT_MS = 180_000;
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 3_000;

export async function waitForState(
  getState: () => Promise<MachineState>,
  wanted: MachineState,
  options: { machine: string; timeoutMs?: number; signal?: AbortSignal } = { machine: '' },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? STATE_WAIT_TIMEOUT_MS);
  let delay = FIRST_POLL_MS;
  let last: MachineState | undefined;
  for (;;) {
    last = await getState();
    if (last === wanted) return;
    if (options.signal?.aborted) throw options.signal.reason;
    if (Date.now() + delay > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
  throw new BerthError('STATE_TIMEOUT', `Machine "${options.machine}" did not reach state ${wanted} (last state: ${last || 'None'})`, {
    hint: `Check it with \`berth status ${options.machine}\`.`,
  });
}
