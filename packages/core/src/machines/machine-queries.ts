import { BerthError, isBerthError } from '../errors.js';
import { storeLayout } from '../paths.js';
import type { MachineRecord } from '../store/record.js';
import { queryEngineVersion } from './engine-connection.js';
import { forgetCachedURL, readCachedEngine, writeCachedURL } from './url-cache.js';
import type { MachineClient } from './machine-client.js';
import { recordRef } from './machine-ref.js';
import { codeOf, hintOf, messageOf } from './query-errors.js';

export async function loadMachine(client: MachineClient, name: string): Promise<MachineRecord> {
  return client.store.load(name);
}

export async function machineURL(client: MachineClient, record: MachineRecord): Promise<string> {
  const driver = await client.drivers().get(record.DriverName);
  const dir = storeLayout(client.storePath).machineDir(record.Name);
  try {
    const url = await driver.getURL(recordRef(client.storePath, record));
    if (url) await writeCachedURL(dir, record, url);
    return url;
  } catch (err) {
    if (isBerthError(err, 'HOST_NOT_RUNNING')) {
      forgetCachedURL(dir);
      throw new BerthError('HOST_NOT_RUNNING', 'Host is not running', {
        hint: `Start it with \`berth start ${record.Name}\`.`,
        cause: err,
      });
    }
    throw err;
  }
}

/**
 * The connection check that `env` and `config` run (reference §5.5): the machine's URL, then a
 * TLS `GET /version` with the machine's certificates, so a broken engine or bad certs show up now.
 * With `swarm` (env/config --swarm, given the engine URL, returning the swarm URL, or throwing for a
 * machine that is not a swarm master), the swarm URL is made before anything is dialled, and the swarm
 * master's port is checked once the engine answered: the certs are then known to be good.
 * A certificate failure reads as docker-machine's (`Error checking and/or regenerating the certs: ...`).
 */
export async function checkMachineConnection(
  client: MachineClient,
  record: MachineRecord,
  options: { timeoutMs?: number; swarm?: (engineURL: string) => string } = {},
): Promise<{ url: string; dockerVersion: string }> {
  try {
    return await checkConnection(client, record, options);
  } catch (err) {
    if (!isBerthError(err, 'ENGINE_TLS_INVALID')) throw err;
    throw new BerthError(err.code, `Error checking and/or regenerating the certs: ${err.message}`, {
      ...hintOf(err),
      cause: err,
      ...(err.details ? { details: err.details } : {}),
    });
  }
}

async function checkConnection(
  client: MachineClient,
  record: MachineRecord,
  options: { timeoutMs?: number; swarm?: (engineURL: string) => string },
): Promise<{ url: string; dockerVersion: string }> {
  const { swarmURL, ...checked } = await checkEngineConnection(client, record, options);
  if (swarmURL !== undefined) await checkSwarmConnection(client, record, swarmURL, options);
  return checked;
}

async function checkSwarmConnection(client: MachineClient, record: MachineRecord, url: string, options: { timeoutMs?: number }): Promise<void> {
  const dir = storeLayout(client.storePath).machineDir(record.Name);
  try {
    await queryEngineVersion(record, dir, url, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
  } catch (err) {
    throw new BerthError('SWARM_UNREACHABLE', 'Connection to Swarm cannot be checked but the certs are valid. Maybe swarm is not started', {
      hint: `Nothing answered at ${url} (${messageOf(err)}). Check that the swarm manager runs on "${record.Name}".`,
      cause: err,
    });
  }
}

async function checkEngineConnection(
  client: MachineClient,
  record: MachineRecord,
  options: { timeoutMs?: number; swarm?: (engineURL: string) => string },
): Promise<{ url: string; dockerVersion: string; swarmURL?: string }> {
  const dir = storeLayout(client.storePath).machineDir(record.Name);
  const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  // The URL the driver gave last time, used only if the engine there proves to be this machine's
  // (url-cache.ts); any other machine asks its driver (is the host running?).
  const cached = readCachedEngine(dir, record);
  if (cached?.standsForDriver) {
    try {
      const swarmURL = options.swarm?.(cached.url);
      const dockerVersion = await queryEngineVersion(record, dir, cached.url, { ...timeout, expectedServerCertPem: cached.serverCertPem });
      return { url: cached.url, dockerVersion, ...(swarmURL === undefined ? {} : { swarmURL }) };
    } catch {
      // stale or unproven (or not a swarm master): ask the driver, whose answer and errors count
    }
  }
  const url = await machineURL(client, record);
  // docker-machine checks for a swarm master right after GetURL, before dialling (reference §1.6).
  const swarmURL = options.swarm?.(url);
  const dockerVersion = await queryEngineVersion(record, dir, url, timeout);
  return { url, dockerVersion, ...(swarmURL === undefined ? {} : { swarmURL }) };
}

/** `version NAME`: the engine's version string. */
export async function engineVersion(client: MachineClient, record: MachineRecord): Promise<string> {
  try {
    return (await checkConnection(client, record, {})).dockerVersion;
  } catch (err) {
    if (isBerthError(err) && err.message.startsWith('Unable to query docker version')) throw err;
    throw new BerthError(codeOf(err), `Unable to query docker version: ${messageOf(err)}`, { ...hintOf(err), cause: err });
  }
}
