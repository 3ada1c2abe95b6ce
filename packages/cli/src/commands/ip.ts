import { machineIP, runOnMachines } from '@berth/core';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { machineNames } from './machine-args.js';

export async function run(ctx: CliContext, args: string[]): Promise<void> {
  const client = getClient(ctx);
  const names = await machineNames(client, args);
  await runOnMachines(client, names, async (record) => {
    try {
      ctx.stdout(`${await machineIP(client, record)}\n`);
    } catch (err) {
      if (err instanceof Error) err.message = `Error getting IP address: ${err.message}`;
      throw err;
    }
  });
}
