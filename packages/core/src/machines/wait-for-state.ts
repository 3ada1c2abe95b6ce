import { ErrorCodes, isDriverError, waitForState as pollForState, type MachineState } from '@berth/driver-sdk';
import { BerthError } from '../errors.js';

/**
 * docker-machine polled every 3 s, 60 times; berth polls with a short capped backoff (answers in
 * ~100 ms when the machine is quick) under the same 3-minute cap (the SDK's default).
 */
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
  let failed = false;
  const poll = async (): Promise<MachineState> => {
    try {
      return (last = await getState());
    } catch (err) {
      failed = true;
      throw err;
    }
  };
  try {
    await pollForState(poll, wanted, {
      intervalMs: FIRST_POLL_MS,
      maxIntervalMs: MAX_POLL_MS,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    // The SDK's own timeout, not a driver's error that happens to carry the same code.
    if (failed || !isDriverError(err) || err.code !== ErrorCodes.MACHINE_STATE_TIMEOUT) throw err;
    throw new BerthError('STATE_TIMEOUT', `Machine "${options.machine}" did not reach state ${wanted} (last state: ${last || 'None'})`, {
      hint: `Check it with \`berth status ${options.machine}\`.`,
    });
  }
}
