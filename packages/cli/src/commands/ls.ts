import { listMachineNames, listMachines } from '@berth/core';
import { UsageError } from '../cli-error.js';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { renderMachineList, renderMachineListJSON } from '../render/list-output.js';
import { parseTimeoutSeconds } from './timeout.js';

export async function run(ctx: CliContext, args: string[], opts: Record<string, unknown>): Promise<void> {
  if (args.length) throw new UsageError(`Error: ls takes no arguments (got "${args.join(' ')}")`);
  const filters = (opts.filter as string[] | undefined) ?? [];
  const timeoutMs = parseTimeoutSeconds(opts.timeout);
  const client = getClient(ctx);
  if (opts.quiet) {
    const names = await listMachineNames(client, { filters, timeoutMs });
    ctx.stdout(names.map((n) => `${n}\n`).join(''));
    return;
  }
  const format = opts.format as string | undefined;
  // Parse the template before querying anything, so a bad template fails fast.
  const render = opts.json || format === 'json' ? renderMachineListJSON : (rows: Parameters<typeof renderMachineList>[0]) => renderMachineList(rows, format);
  if (format && format !== 'json') renderMachineList([], format);
  const rows = await listMachines(client, { filters, timeoutMs });
  ctx.stdout(render(rows));
}
