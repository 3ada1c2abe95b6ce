import { BerthError, ensureHostKeyPinned, machineSSHTarget, rsyncArgs, scpArgs } from '@berth/core';
import type { MachineClient } from '@berth/core';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { passExitStatus } from '../exit-status.js';
import { parseScpCommandLine } from './ssh-command-line.js';
import type { ScpLocation } from './ssh-command-line.js';
import { findExecutable, runInherited } from './ssh-spawn.js';

type ScpEndpoint = Parameters<typeof scpArgs>[0]['source'];

/**
 * `berth scp [-r] [-d] [-q] SRC DEST` (reference §1.4): the system `scp` (or `rsync` for `--delta`)
 * with the machines' address, key and pinned host key; the CLI exits with its status.
 */
export async function run(ctx: CliContext, args: string[], opts: Record<string, unknown>): Promise<void> {
  const { source, destination } = parseScpCommandLine(args);
  const delta = opts['delta'] === true;
  const program = delta ? 'rsync' : 'scp';
  const binary = await findExecutable(program, ctx.env, ctx.platform);
  if (binary === undefined) {
    const message = delta
      ? 'You must have a copy of the rsync binary locally to use the --delta option'
      : 'You must have a copy of the scp binary locally to use the scp feature';
    throw new BerthError('BINARY_NOT_FOUND', message, { hint: `Install ${program} (it must be on PATH).` });
  }
  const client = source.machine !== undefined || destination.machine !== undefined ? getClient(ctx) : undefined;
  const options = {
    source: await resolveEndpoint(client, source),
    destination: await resolveEndpoint(client, destination),
    recursive: opts['recursive'] === true,
    quiet: opts['quiet'] === true,
  };
  const argv = delta ? rsyncArgs(options) : scpArgs(options);
  ctx.logger.debug(`${binary} ${argv.join(' ')}`);
  passExitStatus(await runInherited(binary, argv, ctx.env), program);
}

/** A machine side gets its SSH target, with the host key pinned for the system scp's strict check. */
async function resolveEndpoint(client: MachineClient | undefined, location: ScpLocation): Promise<ScpEndpoint> {
  if (location.machine === undefined || client === undefined) return { path: location.path };
  const target = await machineSSHTarget(client, await client.store.load(location.machine));
  await ensureHostKeyPinned(target);
  return { path: location.path, target, ...(location.user !== undefined && { user: location.user }) };
}
