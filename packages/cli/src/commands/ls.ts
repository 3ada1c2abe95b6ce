import { listMachineNames, listMachines } from '@berth/core';
import { UsageError } from '../cli-error.js';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
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
  const json = opts.json || format === 'json';
  // Parse the template before querying anything, so a bad template fails fast; without one, the
  // rendering code loads while the drivers start (the default table's without the template engine).
  if (format && !json) (await import('../render/list-output.js')).renderMachineList([], format);
  const listed = listMachines(client, { filters, timeoutMs });
  if (!format && !json) {
    const { renderDefaultTable } = await import('../render/default-table.js');
    ctx.stdout(renderDefaultTable(await listed));
    return;
  }
  const { renderMachineList, renderMachineListJSON } = await import('../render/list-output.js');
  const rows = await listed;
  ctx.stdout(json ? renderMachineListJSON(rows) : renderMachineList(rows, format));
}
