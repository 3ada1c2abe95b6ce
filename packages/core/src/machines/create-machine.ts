import type { DriverConfig, FlagValue } from '@berth/driver-sdk';
import { BerthError, isBerthError } from '../errors.js';
import { goQuote } from '../go-quote.js';
import { storeLayout } from '../paths.js';
import { validateMachineName } from '../store/machine-name.js';
import { newMachineRecord } from '../store/new-record.js';
import type { EngineOptions, MachineRecord, SwarmOptions } from '../store/record.js';
import type { MachineClient } from './machine-client.js';
import { toMachineRef } from './machine-ref.js';
import { bootstrapMachineCertificates, type TLSOverrides } from './machine-certs.js';
import { hintOf, messageOf } from './query-errors.js';

export interface CreateMachineOptions {
  name: string;
  driverName: string;
  /** Every flag the create command knows (shared + driver), already defaulted. */
  flags: Record<string, FlagValue>;
  engine?: Partial<EngineOptions>;
  swarm?: Partial<SwarmOptions>;
  tls?: TLSOverrides & { serverCertSANs?: string[] };
  signal?: AbortSignal;
}

/**
 * docker-machine's create sequence (reference §1.5): flags → driver config, certificates,
 * pre-create check, record saved, driver create, then provisioning for drivers that need it.
 */
export async function createMachine(client: MachineClient, options: CreateMachineOptions): Promise<MachineRecord> {
  const { name, driverName } = options;
  validateMachineName(name);
  const log = client.logger;
  const driver = await client.drivers().get(driverName);
  const lock = await client.store.lockMachine(name);
  try {
    if (await client.store.exists(name)) {
      throw new BerthError('MACHINE_EXISTS', `Docker machine "${name}" already exists`, {
        hint: `Pick another name, or remove it first with \`berth rm ${name}\`.`,
      });
    }
    const bare: DriverConfig = { MachineName: name, StorePath: client.storePath };
    const config = await withPrefix('Error setting machine configuration from flags provided', () =>
      driver.configFromFlags(toMachineRef(client.storePath, name, bare), options.flags, opts(options)),
    );
    const record = newMachineRecord({
      name,
      storePath: client.storePath,
      driverName,
      driverConfig: config,
      ...(options.engine ? { engine: options.engine } : {}),
      ...(options.swarm ? { swarm: options.swarm } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    });
    await bootstrapMachineCertificates(client, record);
    log.info('Running pre-create checks...');
    try {
      await driver.preCreateCheck(toMachineRef(client.storePath, name, config), opts(options));
    } catch (err) {
      throw new BerthError('PRECREATE_CHECK_FAILED', `Error with pre-create check: ${goQuote(messageOf(err))}`, {
        ...hintOf(err),
        cause: err,
      });
    }
    await client.store.save(record);
    try {
      log.info('Creating machine...');
      record.Driver = await driver.create(toMachineRef(client.storePath, name, record.Driver), opts(options));
      await client.store.save(record);
      await finishCreate(client, record, driver.info.capabilities.provision, options);
    } catch (err) {
      throw keptRecordError(name, err);
    }
    return record;
  } finally {
    await lock.release();
  }
}

/** After the driver made the machine: copy client certs; provision unless the driver says not to (`none`). */
async function finishCreate(
  client: MachineClient,
  record: MachineRecord,
  provision: boolean,
  options: CreateMachineOptions,
): Promise<void> {
  const { copyClientCertsToMachine } = await import('../certs/client-copy.js');
  const auth = record.HostOptions.AuthOptions;
  await copyClientCertsToMachine({
    caCertPath: auth.CaCertPath,
    clientCertPath: auth.ClientCertPath,
    clientKeyPath: auth.ClientKeyPath,
    machineDir: storeLayout(client.storePath).machineDir(record.Name),
  });
  if (!provision) return;
  const { provisionCreatedMachine } = await import('./provision-created.js');
  await provisionCreatedMachine(client, record, options.signal);
}

function opts(options: CreateMachineOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

async function withPrefix<T>(prefix: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isBerthError(err)) throw new BerthError(err.code, `${prefix}: ${err.message}`, { ...hintOf(err), cause: err });
    throw err;
  }
}

function keptRecordError(name: string, err: unknown): BerthError {
  const code = isBerthError(err) ? err.code : 'CREATE_FAILED';
  const hint = `The machine record was kept so nothing is lost track of: \`berth rm -f ${name}\` removes it.`;
  return new BerthError(code, `Error creating machine "${name}": ${messageOf(err)}`, {
    hint: isBerthError(err) && err.hint ? `${err.hint} ${hint}` : hint,
    cause: err,
  });
}
