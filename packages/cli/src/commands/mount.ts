import { BerthError, ensureHostKeyPinned, machineSSHTarget, sshfsArgs, unmountArgs } from '@berth/core';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { passExitStatus } from '../exit-status.js';
import { parseMountCommandLine } from './ssh-command-line.js';
import { findExecutable, runInherited } from './ssh-spawn.js';

/**
 * `berth mount [-u] [[user@]machine:]path [mountpoint]` (reference §1.4): `sshfs` with the machine's
 * address, key and pinned host key; `-u` runs `fusermount -u MOUNTPOINT` (no machine needed).
 */
export async function run(ctx: CliContext, args: string[], opts: Record<string, unknown>): Promise<void> {
  const line = parseMountCommandLine(args);
  if (opts['unmount'] === true) {
    const fusermount = await findExecutable('fusermount', ctx.env, ctx.platform);
    if (fusermount === undefined) {
      throw new BerthError('BINARY_NOT_FOUND', 'You must have a copy of the fusermount binary locally to use the unmount option', {
        hint: 'Install FUSE (the fuse3 package on Debian and Ubuntu).',
      });
    }
    passExitStatus(await runInherited(fusermount, unmountArgs(line.mountPoint), ctx.env), 'fusermount');
    return;
  }
  const sshfs = await findExecutable('sshfs', ctx.env, ctx.platform);
  if (sshfs === undefined) {
    throw new BerthError('BINARY_NOT_FOUND', 'You must have a copy of the sshfs binary locally to use the mount feature', {
      hint: 'Install sshfs (the sshfs package on Debian and Ubuntu).',
    });
  }
  const client = getClient(ctx);
  const target = await machineSSHTarget(client, await client.store.load(line.machine));
  await ensureHostKeyPinned(target);
  const argv = sshfsArgs(target, {
    remotePath: line.remotePath,
    mountPoint: line.mountPoint,
    ...(line.user !== undefined && { user: line.user }),
  });
  ctx.logger.debug(`${sshfs} ${argv.join(' ')}`);
  passExitStatus(await runInherited(sshfs, argv, ctx.env), 'sshfs');
}
