import { provisionMachines } from '@berth/core';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { machineNames } from './machine-args.js';

/** `provision [NAME...]`: provisioning again with the stored options; the log lines are the output. */
export async function run(ctx: CliContext, args: string[], _opts: Record<string, unknown>): Promise<void> {
  const client = getClient(ctx);
  await provisionMachines(client, await machineNames(client, args));
}
