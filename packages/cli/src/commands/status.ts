import { machineState } from '@berth/core';
import { displayState } from '@berth/driver-sdk';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { oneMachineName } from './machine-args.js';

export async function run(ctx: CliContext, args: string[]): Promise<void> {
  const client = getClient(ctx);
  const record = await client.store.load(await oneMachineName(client, args));
  ctx.stdout(`${displayState(await machineState(client, record))}\n`);
}
