import { BerthError, type MachineRecord } from '@berth/core';

/** `--swarm`: the machine's URL with the swarm master's port (reference §1.6). */
export function swarmURL(record: MachineRecord, url: string): string {
  const swarm = record.HostOptions.SwarmOptions;
  if (!swarm?.Master) {
    throw new BerthError('NOT_SWARM_MASTER', `"${record.Name}" is not a swarm master. The --swarm flag is intended for use with swarm masters`);
  }
  const port = /:(\d+)$/.exec(swarm.Host)?.[1] ?? '3376';
  return url.replace(/:\d+$/, `:${port}`);
}
