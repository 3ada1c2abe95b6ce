import { machineURL } from '@berth/core';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { oneMachineName } from './machine-args.js';

export async function run(ctx: CliContext, args: string[]): Promise<void> {
  const client = getClient(ctx);
  const record = await client.store.load(await oneMachineName(client, args));
  ctx.stdout(`${await machineURL(client, record)}\n`);
}
