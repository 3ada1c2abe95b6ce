import { BerthError, createMachine, isBerthError, validateMachineName, type EngineOptions, type SwarmOptions } from '@berth/core';
import type { FlagValue } from '@berth/driver-sdk';
import { UsageError } from '../cli-error.js';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { getCreateDriver } from '../create-driver.js';
import { SHARED_CREATE_FLAGS, sharedFlagValue } from '../create-options.js';
import { driverFlagValues } from '../driver-flags.js';
import { Option } from 'commander';

const SWARM_DISCOVERY = /^[^:]*:\/\/.*$/;

export async function run(ctx: CliContext, args: string[], opts: Record<string, unknown>): Promise<void> {
  if (args.length > 1) {
    const extra = args.slice(1).join(' ');
    throw new UsageError(`Invalid command line. Found extra arguments [${extra}]`, { hint: 'Give exactly one machine name.', seeHelp: true });
  }
  const name = args[0];
  if (!name) throw new UsageError('Error: No machine name specified', { showHelpFor: 'create' });
  checkHostname(name);
  const driver = getCreateDriver(ctx);
  if (!driver) throw new UsageError('Error: No driver specified. Use --driver/-d, e.g. `berth create -d generic NAME`.');
  const shared: Record<string, FlagValue> = {};
  for (const flag of SHARED_CREATE_FLAGS) {
    shared[flag.name] = sharedFlagValue(flag, opts[new Option(`--${flag.name}`).attributeName()], ctx.env);
  }
  const discovery = shared['swarm-discovery'] as string;
  if (discovery && !SWARM_DISCOVERY.test(discovery)) {
    throw new UsageError(`Error parsing swarm discovery: "${discovery}" is not a URL like token://ID or consul://HOST/PATH`);
  }
  const flags = { ...shared, ...driverFlagValues(driver.flags, opts, ctx.env) };
  const client = getClient(ctx);
  await createMachine(client, {
    name,
    driverName: driver.name,
    flags,
    engine: engineOptions(shared),
    swarm: swarmOptions(shared),
    tls: {
      ...(ctx.tls.caCert ? { caCertPath: ctx.tls.caCert } : {}),
      ...(ctx.tls.caKey ? { caKeyPath: ctx.tls.caKey } : {}),
      ...(ctx.tls.clientCert ? { clientCertPath: ctx.tls.clientCert } : {}),
      ...(ctx.tls.clientKey ? { clientKeyPath: ctx.tls.clientKey } : {}),
      serverCertSANs: shared['tls-san'] as string[],
    },
  });
  ctx.logger.info(
    `To see how to connect your Docker Client to the Docker Engine running on this virtual machine, run: ${ctx.programName} env ${name}`,
  );
}

/**
 * docker-machine's create refuses a bad name with its own text (reference §1.5.2); berth's reason
 * ("must start with a letter or digit", the length limit, ...) becomes the hint.
 */
function checkHostname(name: string): void {
  try {
    validateMachineName(name);
  } catch (err) {
    if (!isBerthError(err) || err.code !== 'INVALID_MACHINE_NAME') throw err;
    const reason = err.message.replace(/^Invalid machine name (".*?"): /, '$1 is refused: ');
    throw new BerthError('INVALID_MACHINE_NAME', 'Error creating machine: Invalid hostname specified. Allowed hostname chars are: 0-9a-zA-Z . -', {
      hint: err.hint ? `${reason}. ${err.hint}` : reason,
    });
  }
}

function engineOptions(shared: Record<string, FlagValue>): Partial<EngineOptions> {
  return {
    ArbitraryFlags: shared['engine-opt'] as string[],
    Env: shared['engine-env'] as string[],
    InsecureRegistry: shared['engine-insecure-registry'] as string[],
    Labels: shared['engine-label'] as string[],
    RegistryMirror: shared['engine-registry-mirror'] as string[],
    StorageDriver: shared['engine-storage-driver'] as string,
    InstallURL: shared['engine-install-url'] as string,
    TlsVerify: true,
  };
}

function swarmOptions(shared: Record<string, FlagValue>): Partial<SwarmOptions> {
  const agent = shared.swarm === true;
  const master = shared['swarm-master'] === true;
  return {
    IsSwarm: agent || master,
    Address: shared['swarm-addr'] as string,
    Discovery: shared['swarm-discovery'] as string,
    Agent: agent,
    Master: master,
    Host: shared['swarm-host'] as string,
    Image: shared['swarm-image'] as string,
    Strategy: shared['swarm-strategy'] as string,
    ArbitraryFlags: shared['swarm-opt'] as string[],
    ArbitraryJoinFlags: shared['swarm-join-opt'] as string[],
    IsExperimental: shared['swarm-experimental'] === true,
  };
}
