import { ErrorCodes, isDriverError, waitForState as pollForState, type MachineState } from '@berth/driver-sdk';
import { BerthError } from '../errors.js';

/**
 * How long a machine may take to reach a state. docker-machine polled every 3 s, 60 times; berth
 * polls with a short capped backoff (answers in ~100 ms when the machine is quick) under the same
 * 3-minute cap.
 */
export const STATE_WAIT_TIMEOUT_MS = 180_000;
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 3_000;

/**
 * The SDK's waitForState (the one drivers use) with the CLI's pace and error: STATE_TIMEOUT naming the
 * last state seen and pointing at `berth status`. An abort ends the wait at once, also mid-pause.
 */
export async function waitForState(
  getState: () => Promise<MachineState>,
  wanted: MachineState,
  options: { machine: string; timeoutMs?: number; signal?: AbortSignal } = { machine: '' },
): Promise<void> {
  let last: MachineState | undefined;
  try {
    await pollForState(async () => (last = await getState()), wanted, {
      timeoutMs: options.timeoutMs ?? STATE_WAIT_TIMEOUT_MS,
      intervalMs: FIRST_POLL_MS,
      maxIntervalMs: MAX_POLL_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (!isDriverError(err) || err.code !== ErrorCodes.MACHINE_STATE_TIMEOUT) throw err;
    throw new BerthError('STATE_TIMEOUT', `Machine "${options.machine}" did not reach state ${wanted} (last state: ${last || 'None'})`, {
      hint: `Check it with \`berth status ${options.machine}\`.`,
    });
  }
}
