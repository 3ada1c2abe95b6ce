import type { MachineState } from '@berth/driver-sdk';
import { BerthError, isBerthError } from '../errors.js';
import { storeLayout } from '../paths.js';
import { compareMachineNames } from '../store/machine-name.js';
import type { EngineOptions, MachineRecord, SwarmOptions } from '../store/record.js';
import {
  hasStateFilter, matchesStateFilter, matchesStaticFilters, parseListFilters, type ListFilters,
} from './list-filters.js';
import type { MachineClient } from './machine-client.js';
import { recordRef } from './machine-ref.js';
import { forgetCachedURL, readCachedEngine, type CachedEngine } from './url-cache.js';

/** `ls --timeout` default, seconds → ms (reference §1.7). */
export const LS_DEFAULT_TIMEOUT_MS = 10_000;

/**
 * How long a row waits for the engine at the cached URL before it asks the driver too (a machine
 * that went down since, behind a connect that hangs). Resumed TLS takes three round trips.
 */
const CACHED_ENGINE_GRACE_MS = 1_000;

/** One `ls` row; field names are docker-machine's so `--format '{{.Name}}'` templates keep working. */
export interface ListedMachine {
  Name: string;
  Active: string;
  ActiveHost: boolean;
  ActiveSwarm: boolean;
  DriverName: string;
  State: string;
  URL: string;
  SwarmOptions: SwarmOptions | null;
  Swarm: string;
  EngineOptions: EngineOptions | null;
  Error: string;
  DockerVersion: string;
  /** Milliseconds the query took (docker-machine prints a Go duration). */
  ResponseTime: number;
}

export interface ListOptions {
  filters?: readonly string[];
  timeoutMs?: number;
}

interface Loaded {
  name: string;
  record?: MachineRecord;
  error?: BerthError;
}

/** `ls -q`: names in directory order; no driver call unless a state filter needs one. */
export async function listMachineNames(client: MachineClient, options: ListOptions = {}): Promise<string[]> {
  const filters = await parseListFilters(options.filters ?? []);
  const loaded = (await client.store.loadAll()) as Loaded[];
  const records = loaded.flatMap((l) => (l.record ? [l.record] : []));
  const masterOf = swarmMasterIndex(records);
  const candidates = records.filter((r) => matchesStaticFilters(r, filters, masterOf));
  const kept = await keepStateMatches(client, candidates, filters, options.timeoutMs ?? LS_DEFAULT_TIMEOUT_MS);
  return kept.map((r) => r.Name);
}

/** `ls`: every machine queried in parallel, each raced against the timeout (reference §8.2). */
export async function listMachines(client: MachineClient, options: ListOptions = {}): Promise<ListedMachine[]> {
  const filters: ListFilters = await parseListFilters(options.filters ?? []);
  const timeoutMs = options.timeoutMs ?? LS_DEFAULT_TIMEOUT_MS;
  const loaded = (await client.store.loadAll()) as Loaded[];
  const records = loaded.flatMap((l) => (l.record ? [l.record] : []));
  const masterOf = swarmMasterIndex(records);
  const filtered = records.filter((r) => matchesStaticFilters(r, filters, masterOf));
  // As docker-machine: `state=` compares the driver's GetState() before the per-host query, so a machine
  // that is Running but whose engine hangs passes `state=running` and is then shown as a Timeout row.
  const candidates = await keepStateMatches(client, filtered, filters, timeoutMs);
  const layout = storeLayout(client.storePath);
  const machines = candidates.map((record) => {
    const dir = layout.machineDir(record.Name);
    return { record, dir, cached: readCachedEngine(dir, record) };
  });
  // Drivers first: their processes start up on another core while the engine queries below keep this
  // one busy. A machine whose cached URL can stand for its driver (url-cache.ts) may not need one.
  const driverFirst = new Set(machines.filter((m) => !m.cached?.standsForDriver).map((m) => m.record.DriverName));
  await Promise.all([...driverFirst].map((name) => client.drivers().launch(name)));
  const rows = await Promise.all(machines.map((m) => queryRow(client, m.record, m.dir, m.cached, timeoutMs, masterOf)));
  const broken = loaded.filter((l) => l.error).map((l) => errorRow(l.name, l.error as BerthError));
  return [...rows, ...broken].sort((a, b) => compareMachineNames(a.Name, b.Name));
}

/** The `state=` filter (reference §1.7.3): the records whose driver GetState() matches; no driver call without one. */
async function keepStateMatches(
  client: MachineClient,
  records: MachineRecord[],
  filters: ListFilters,
  timeoutMs: number,
): Promise<MachineRecord[]> {
  if (!hasStateFilter(filters)) return records;
  const states = await Promise.all(records.map((r) => stateWithin(client, r, timeoutMs)));
  return records.filter((_, i) => matchesStateFilter(states[i] ?? 'Error', filters));
}

async function stateWithin(client: MachineClient, record: MachineRecord, timeoutMs: number): Promise<string> {
  try {
    const driver = await client.drivers().get(record.DriverName);
    return await driver.getState(recordRef(client.storePath, record), { timeoutMs });
  } catch {
    return 'Error';
  }
}

async function queryRow(
  client: MachineClient,
  record: MachineRecord,
  dir: string,
  cached: CachedEngine | undefined,
  timeoutMs: number,
  masterOf: (discovery: string) => string | undefined,
): Promise<ListedMachine> {
  const started = Date.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([queryMachine(client, record, dir, cached, timeoutMs, controller.signal), timedOut]);
    if (result === 'timeout') return timeoutRow(record, timeoutMs);
    return finishRow(record, result, Date.now() - started, client.env.DOCKER_HOST ?? '', masterOf);
  } finally {
    clearTimeout(timer);
  }
}

interface Queried {
  state: MachineState | 'Error';
  url: string;
  dockerVersion: string;
  error: string;
}

async function queryMachine(
  client: MachineClient,
  record: MachineRecord,
  dir: string,
  cached: CachedEngine | undefined,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Queried> {
  const result: Queried = { state: 'Error', url: '', dockerVersion: 'Unknown', error: '' };
  // Loaded here, after the drivers were launched: the TLS client code is not needed to start one.
  const { startEarlyEngineQuery } = await import('./early-engine-query.js');
  const engine = startEarlyEngineQuery(record, dir, cached, { timeoutMs, signal });
  // The engine at the cached URL proved to be this machine's: it is running there, as the driver would say.
  const proven = await engine.proven(Math.min(CACHED_ENGINE_GRACE_MS, timeoutMs / 2));
  if (cached && proven !== undefined) return { state: 'Running', url: cached.url, dockerVersion: `v${proven}`, error: '' };
  const ref = recordRef(client.storePath, record);
  let driver;
  try {
    driver = await client.drivers().get(record.DriverName);
  } catch (err) {
    engine.cancel();
    const { describeUnavailableDriver } = await import('../drivers/driver-not-found.js');
    return { ...result, error: describeUnavailableDriver(err) };
  }
  try {
    result.url = await driver.getURL(ref, { timeoutMs, signal });
  } catch (err) {
    result.error = isBerthError(err, 'HOST_NOT_RUNNING') ? '' : errorText(err);
  }
  // The driver says the host is not running: the next ls asks it first, without waiting on the cached URL.
  if (!result.url && !result.error) forgetCachedURL(dir);
  if (result.url) {
    result.state = 'Running';
  } else {
    try {
      result.state = await driver.getState(ref, { timeoutMs, signal });
    } catch (err) {
      result.error ||= errorText(err);
    }
  }
  if (result.url) {
    try {
      result.dockerVersion = `v${await engine.versionFor(result.url)}`;
    } catch (err) {
      result.error = errorText(err);
    }
  } else {
    engine.cancel();
  }
  return result;
}

function finishRow(
  record: MachineRecord,
  q: Queried,
  elapsed: number,
  dockerHost: string,
  masterOf: (discovery: string) => string | undefined,
): ListedMachine {
  const swarm = record.HostOptions.SwarmOptions ?? null;
  const activeHost = q.state === 'Running' && q.url !== '' && q.url === dockerHost;
  const activeSwarm = q.state === 'Running' && !!swarm?.Master && swarmURL(q.url, swarm) === dockerHost;
  const master = swarm?.Discovery ? masterOf(swarm.Discovery) : undefined;
  return {
    Name: record.Name,
    // docker-machine sets `*` for the host, then overwrites it with `* (swarm)` when the swarm matches too.
    Active: activeSwarm ? '* (swarm)' : activeHost ? '*' : '-',
    ActiveHost: activeHost,
    ActiveSwarm: activeSwarm,
    DriverName: record.DriverName,
    State: q.state === 'None' ? '' : q.state,
    URL: q.url,
    SwarmOptions: swarm,
    Swarm: master ? (swarm?.Master ? `${master} (master)` : master) : '',
    EngineOptions: record.HostOptions.EngineOptions ?? null,
    Error: q.error,
    DockerVersion: q.dockerVersion,
    ResponseTime: elapsed,
  };
}

/** docker-machine's timeout row: its ResponseTime is the timeout itself (reference §8.2 point 6). */
function timeoutRow(record: MachineRecord, timeoutMs: number): ListedMachine {
  return {
    Name: record.Name, Active: '', ActiveHost: false, ActiveSwarm: false, DriverName: record.DriverName,
    State: 'Timeout', URL: '', SwarmOptions: null, Swarm: '', EngineOptions: null, Error: '', DockerVersion: '',
    ResponseTime: timeoutMs,
  };
}

function errorRow(name: string, error: BerthError): ListedMachine {
  return {
    Name: name, Active: '', ActiveHost: false, ActiveSwarm: false, DriverName: 'not found', State: 'Error',
    URL: '', SwarmOptions: null, Swarm: '', EngineOptions: null, Error: errorText(error), DockerVersion: '',
    ResponseTime: 0,
  };
}

function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\r?\n/g, ' ');
}

/** The swarm master's URL: the machine URL with its port replaced by the swarm host's port. */
function swarmURL(url: string, swarm: SwarmOptions): string {
  const port = /:(\d+)$/.exec(swarm.Host)?.[1];
  return port && url ? url.replace(/:\d+$/, `:${port}`) : '';
}

function swarmMasterIndex(records: readonly MachineRecord[]): (discovery: string) => string | undefined {
  const masters = new Map<string, string>();
  for (const r of records) {
    const s = r.HostOptions.SwarmOptions;
    if (s?.Master && s.Discovery) masters.set(s.Discovery, r.Name);
  }
  return (discovery) => (discovery ? masters.get(discovery) : undefined);
}
