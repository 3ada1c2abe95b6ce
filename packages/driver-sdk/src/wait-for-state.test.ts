import { describe, expect, it } from 'vitest';
import { DriverError } from './error-codes.js';
import type { MachineState } from './states.js';
import { waitForState } from './wait-for-state.js';

/** getState answering the given states in turn (the last one forever), counting calls. */
function scripted(...states: MachineState[]) {
  let calls = 0;
  const getState = async (): Promise<MachineState> => states[Math.min(calls++, states.length - 1)] ?? 'None';
  return { getState, calls: () => calls };
}

describe('waitForState', () => {
  it('polls until one of the wanted states and returns it', async () => {
    const machine = scripted('Starting', 'Starting', 'Running');
    await expect(waitForState(machine.getState, 'Running', { intervalMs: 1 })).resolves.toBe('Running');
    expect(machine.calls()).toBe(3);
    const other = scripted('Stopping', 'Saved');
    await expect(waitForState(other.getState, ['Stopped', 'Saved'], { intervalMs: 1 })).resolves.toBe('Saved');
  });

  it('does not sleep when the state is already right', async () => {
    const started = Date.now();
    await expect(waitForState(scripted('Stopped').getState, 'Stopped', { intervalMs: 10_000 })).resolves.toBe('Stopped');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('backs off between polls up to maxIntervalMs', async () => {
    const times: number[] = [];
    const getState = async (): Promise<MachineState> => {
      times.push(Date.now());
      return times.length >= 5 ? 'Running' : 'Starting';
    };
    await waitForState(getState, 'Running', { intervalMs: 20, maxIntervalMs: 45 });
    const gaps = times.slice(1).map((time, i) => time - (times[i] ?? 0));
    // 20, 30, 45, 45: growing by 1.5, capped (timers may fire a little late, never early)
    expect(gaps[0]).toBeGreaterThanOrEqual(19);
    expect(gaps[1]).toBeGreaterThanOrEqual(29);
    expect(gaps[2]).toBeGreaterThanOrEqual(44);
    expect(gaps[3]).toBeLessThan(gaps[2] as number + 40);
  });

  it('fails with MACHINE_STATE_TIMEOUT naming the machine and the last state', async () => {
    const err = await waitForState(scripted('Starting').getState, 'Running', { timeoutMs: 60, intervalMs: 10, machine: 'dev' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriverError);
    expect(err).toMatchObject({
      code: 'MACHINE_STATE_TIMEOUT', message: 'Machine "dev" did not become Running within 60 ms (last state: Starting)',
    });
  });

  it('stops with the abort reason when the signal aborts, and passes getState errors through', async () => {
    const controller = new AbortController();
    const waiting = waitForState(scripted('Starting').getState, 'Running', { signal: controller.signal, intervalMs: 10_000 });
    setTimeout(() => controller.abort(new DriverError('DRIVER_CANCELLED', 'cancelled')), 20);
    await expect(waiting).rejects.toMatchObject({ code: 'DRIVER_CANCELLED' });
    await expect(waitForState(async () => { throw new Error('VBoxManage died'); }, 'Running')).rejects.toThrow('VBoxManage died');
  });
});
