import type { CancellationToken } from 'vscode-jsonrpc/node';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import { trackCall, type TrackCallOptions, type TrackedCall } from './tracked-call.js';

function options(overrides: Partial<TrackCallOptions> = {}) {
  const pending = new Set<TrackedCall>();
  let token: CancellationToken | undefined;
  const base: TrackCallOptions = {
    method: 'machine/getState',
    pending,
    send: (t) => {
      token = t;
      return new Promise(() => {});
    },
    timedOut: () => new BerthError('DRIVER_TIMEOUT', 'timed out'),
    aborted: () => new BerthError('DRIVER_CANCELLED', 'aborted'),
    errorFor: () => new BerthError('DRIVER_PROTOCOL_ERROR', 'bad'),
    ...overrides,
  };
  return { base, pending, token: () => token };
}

describe('trackCall', () => {
  it('resolves with the answer and leaves nothing pending', async () => {
    const { base, pending } = options({ send: async () => ({ state: 'Running' }) });
    await expect(trackCall(base)).resolves.toEqual({ state: 'Running' });
    expect(pending.size).toBe(0);
  });

  it('times out, cancelling the request', async () => {
    const { base, pending, token } = options({ timeoutMs: 20 });
    await expect(trackCall(base)).rejects.toMatchObject({ code: 'DRIVER_TIMEOUT' });
    expect(token()?.isCancellationRequested).toBe(true);
    expect(pending.size).toBe(0);
  });

  it('rejects when its signal aborts, cancelling the request', async () => {
    const controller = new AbortController();
    const { base, token } = options({ signal: controller.signal });
    const call = trackCall(base);
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'DRIVER_CANCELLED' });
    expect(token()?.isCancellationRequested).toBe(true);
  });

  it('stays pending when errorFor says so, until its owner fails it', async () => {
    const { base, pending } = options({ send: async () => Promise.reject(new Error('write EPIPE')), errorFor: () => undefined });
    const call = trackCall(base);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pending.size).toBe(1);
    for (const tracked of pending) tracked.fail(new BerthError('DRIVER_CRASHED', 'gone'));
    await expect(call).rejects.toMatchObject({ code: 'DRIVER_CRASHED' });
    expect(pending.size).toBe(0);
  });

  it('turns a synchronous send failure into an error', async () => {
    const { base } = options({
      send: () => {
        throw new Error('Connection is closed.');
      },
    });
    await expect(trackCall(base)).rejects.toMatchObject({ code: 'DRIVER_PROTOCOL_ERROR' });
  });
});
