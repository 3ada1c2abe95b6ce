import { listDrivers } from '@berth/core';
import { UsageError } from '../cli-error.js';
import { readBuiltinDrivers } from '../builtin-drivers.js';
import type { CliContext } from '../context.js';
import { renderDriverNames, renderDriverTable, renderJSON } from './driver-output.js';

/** `berth driver ls`: every driver from every source; no driver process is started. */
export async function run(ctx: CliContext, args: string[], opts: Record<string, unknown>): Promise<void> {
  if (opts.json && opts.quiet) throw new UsageError('Error: --json and --quiet cannot be used together');
  const builtins = readBuiltinDrivers();
  const rows = await listDrivers({ storePath: ctx.storePath, env: ctx.env, builtins: builtins.entries, builtinPackages: builtins.packages });
  if (opts.quiet) ctx.stdout(renderDriverNames(rows));
  else if (opts.json) ctx.stdout(renderJSON(rows));
  else ctx.stdout(renderDriverTable(rows));
}
