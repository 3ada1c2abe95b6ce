import { engineVersion } from '@berth/core';
import { UsageError } from '../cli-error.js';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { fullVersion } from '../version.js';

export async function run(ctx: CliContext, args: string[]): Promise<void> {
  if (args.length === 0) {
    ctx.stdout(`${ctx.programName} version ${fullVersion()}\n`);
    return;
  }
  if (args.length > 1) throw new UsageError('Error: Expected one machine name as an argument', { seeHelp: true });
  const client = getClient(ctx);
  const record = await client.store.load(args[0] as string);
  ctx.stdout(`${await engineVersion(client, record)}\n`);
}
