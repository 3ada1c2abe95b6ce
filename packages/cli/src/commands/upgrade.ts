import { upgradeMachines } from '@berth/core';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { machineNames } from './machine-args.js';

/** `upgrade [NAME...]` (reference §6.7): the engine upgrade's log lines are the output. */
export async function run(ctx: CliContext, args: string[], _opts: Record<string, unknown>): Promise<void> {
  const client = getClient(ctx);
  await upgradeMachines(client, await machineNames(client, args));
}
