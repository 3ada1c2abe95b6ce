import { BerthError } from '../errors.js';
import type { MachineRecord } from '../store/record.js';
import { checkMachineConnection } from './machine-queries.js';
import type { MachineClient } from './machine-client.js';

/**
 * How long an engine may take to answer after a (re)start. docker-machine checked `netstat` 10×3 s on
 * port 2376 whatever the real port; we ask the engine itself over TLS on its real URL.
 */
export const ENGINE_WAIT_TIMEOUT_MS = 60_000;
const ENGINE_POLL_MS = 250;
const ENGINE_ATTEMPT_TIMEOUT_MS = 5_000;

export async function waitForMachineEngine(
  client: MachineClient,
  record: MachineRecord,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? ENGINE_WAIT_TIMEOUT_MS);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return (await checkMachineConnection(client, record, { timeoutMs: ENGINE_ATTEMPT_TIMEOUT_MS })).dockerVersion;
    } catch (err) {
      lastError = err;
      if (err instanceof BerthError && err.code === 'ENGINE_TLS_INVALID') throw err;
      await new Promise((resolve) => setTimeout(resolve, ENGINE_POLL_MS));
    }
  }
  const detail = lastError instanceof Error ? lastError.message : String(lastError);
  throw new BerthError('ENGINE_NOT_READY', `Unable to verify the Docker daemon is listening on "${record.Name}": ${detail}`, {
    hint: `Check the engine with \`berth ssh ${record.Name} sudo systemctl status docker\`.`,
    cause: lastError,
  });
}
