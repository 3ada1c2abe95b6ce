import { DriverError, ErrorCodes, type MachineState } from '@berth/driver-sdk';
import { describe, expect, it, vi } from 'vitest';
import { isBerthError } from '../errors.js';
import { waitForState } from './wait-for-state.js';

const states = (...seq: MachineState[]) => {
  let i = 0;
  const calls = { count: 0 };
  const get = async (): Promise<MachineState> => {
    calls.count++;
    return seq[Math.min(i++, seq.length - 1)] as MachineState;
  };
  return { get, calls };
};

describe('waitForState (core)', () => {
  it('resolves once the machine reports the wanted state', async () => {
    const { get, calls } = states('Starting', 'Starting', 'Running');
    await waitForState(get, 'Running', { machine: 'dev' });
    expect(calls.count).toBe(3);
  });

  it('times out with STATE_TIMEOUT naming the machine, the state wanted and the last one seen, and a hint', async () => {
    const { get } = states('Stopping');
    const err = await waitForState(get, 'Stopped', { machine: 'dev', timeoutMs: 250 }).catch((e: unknown) => e);
    expect(isBerthError(err, 'STATE_TIMEOUT')).toBe(true);
    expect((err as Error).message).toBe('Machine "dev" did not reach state Stopped (last state: Stopping)');
    expect((err as { hint?: string }).hint).toBe('Check it with `berth status dev`.');
  });

  it("passes the driver's errors through untouched, even one coded as a state timeout", async () => {
    const boom = new Error('driver crashed');
    await expect(waitForState(() => Promise.reject(boom), 'Running', { machine: 'dev' })).rejects.toBe(boom);
    const driverTimeout = new DriverError(ErrorCodes.MACHINE_STATE_TIMEOUT, 'the VM did not power on');
    await expect(waitForState(() => Promise.reject(driverTimeout), 'Running', { machine: 'dev' })).rejects.toBe(driverTimeout);
  });

  it("ends mid-pause when aborted, with the signal's reason", async () => {
    vi.useFakeTimers();
    try {
      const { get, calls } = states('Starting');
      const controller = new AbortController();
      const reason = new Error('cancelled');
      const waiting = waitForState(get, 'Running', { machine: 'dev', signal: controller.signal });
      const outcome = waiting.catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(0);
      expect(calls.count).toBe(1);
      // The first pause has begun and no timer is ever advanced: only the abort can end the wait.
      controller.abort(reason);
      expect(await outcome).toBe(reason);
      expect(calls.count).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
