import { BerthError, type MachineRecord } from '@berth/core';

/**
 * `--swarm`: `tcp://<host of the engine URL>:<port of SwarmOptions.Host>` (reference §1.6); the swarm
 * host is usually `tcp://0.0.0.0:3376`, so only its port counts. IPv6 hosts keep their brackets.
 */
export function swarmURL(record: MachineRecord, url: string): string {
  const swarm = record.HostOptions.SwarmOptions;
  if (!swarm?.Master) {
    throw new BerthError('NOT_SWARM_MASTER', `"${record.Name}" is not a swarm master. The --swarm flag is intended for use with swarm masters`);
  }
  const swarmHost = parseURL(swarm.Host);
  if (!swarmHost?.port) {
    throw new BerthError('INVALID_CONFIG', `The swarm host "${swarm.Host}" of "${record.Name}" is not a tcp://HOST:PORT URL`, {
      hint: `Set HostOptions.SwarmOptions.Host in its config.json to the swarm manager's address, e.g. tcp://0.0.0.0:3376.`,
    });
  }
  const engine = parseURL(url);
  if (!engine) {
    throw new BerthError('ENGINE_URL_INVALID', `The engine URL "${url}" of "${record.Name}" is not a tcp://HOST:PORT URL`, {
      hint: `Check what \`berth url ${record.Name}\` prints.`,
    });
  }
  return `tcp://${engine.hostname}:${swarmHost.port}`;
}

/** `scheme://host[:port]`, the host non-empty (`hostname` keeps an IPv6 address's brackets). */
function parseURL(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.hostname ? url : undefined;
  } catch {
    return undefined;
  }
}
