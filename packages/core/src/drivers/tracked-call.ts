/**
 * One request in flight, settled exactly once by whichever comes first: the answer, an error, its
 * timeout, its AbortSignal, or the owner failing it from outside (crash, protocol error, dispose).
 */
import { CancellationTokenSource, type CancellationToken } from 'vscode-jsonrpc/node';
import type { BerthError } from '../errors.js';

export interface TrackedCall {
  readonly method: string;
  /** Rejects the call now (no-op once settled). */
  fail(error: BerthError): void;
  /** Sends $/cancelRequest for it. */
  cancel(): void;
}

export interface TrackCallOptions {
  method: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Where the owner keeps calls in flight; the call removes itself when settled. */
  pending: Set<TrackedCall>;
  send(token: CancellationToken): Promise<unknown>;
  timedOut(): BerthError;
  aborted(): BerthError;
  /** The error for a failed send, or undefined to leave the call pending for the owner to fail. */
  errorFor(err: unknown): BerthError | undefined;
}

export function trackCall(options: TrackCallOptions): Promise<unknown> {
  const { signal, timeoutMs, pending } = options;
  return new Promise((resolve, reject) => {
    const source = new CancellationTokenSource();
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = () => {
      settled = true;
      pending.delete(call);
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      source.dispose();
    };
    const call: TrackedCall = {
      method: options.method,
      fail: (error) => {
        if (settled) return;
        settle();
        reject(error);
      },
      cancel: () => source.cancel(),
    };
    const onAbort = () => {
      call.cancel();
      call.fail(options.aborted());
    };
    const onAnswer = (value: unknown) => {
      if (settled) return;
      settle();
      resolve(value);
    };
    const onError = (err: unknown) => {
      if (settled) return;
      const error = options.errorFor(err);
      if (error !== undefined) call.fail(error);
    };

    pending.add(call);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        call.cancel();
        call.fail(options.timedOut());
      }, timeoutMs);
    }
    try {
      options.send(source.token).then(onAnswer, onError);
    } catch (err) {
      onError(err); // vscode-jsonrpc throws synchronously on a closed connection
    }
  });
}
