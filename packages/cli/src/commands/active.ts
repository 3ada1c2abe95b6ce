import { BerthError, listMachines } from '@berth/core';
import { UsageError } from '../cli-error.js';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { parseTimeoutSeconds } from './timeout.js';

export async function run(ctx: CliContext, args: string[], opts: Record<string, unknown>): Promise<void> {
  if (args.length) throw new UsageError('Error: Too many arguments given');
  const rows = await listMachines(getClient(ctx), { timeoutMs: parseTimeoutSeconds(opts.timeout) });
  const active = rows.find((r) => r.ActiveHost || r.ActiveSwarm);
  if (active) {
    ctx.stdout(`${active.Name}\n`);
    return;
  }
  if (rows.some((r) => r.State === 'Timeout')) {
    throw new BerthError('ACTIVE_TIMEOUT', 'Error getting active host: timeout', { hint: 'Raise the limit with `berth active -t SECONDS`.' });
  }
  throw new BerthError('NO_ACTIVE_HOST', 'No active host found', { hint: 'Point your shell at one with `eval $(berth env NAME)`.' });
}
