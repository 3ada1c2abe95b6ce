import { removeDriver } from '@berth/core';
import { locateBuiltinDrivers } from '../builtin-drivers.js';
import type { CliContext } from '../context.js';

/** `berth driver rm NAME`: uninstalls an installed driver package; one line per driver it served. */
export async function run(ctx: CliContext, args: string[]): Promise<void> {
  const [name = ''] = args;
  const removed = await removeDriver(name, { storePath: ctx.storePath, env: ctx.env, builtins: locateBuiltinDrivers() });
  const version = removed.version === '' ? '' : ` ${removed.version}`;
  if (removed.drivers.length === 0) ctx.stdout(`Removed ${removed.packageName}${version}\n`);
  for (const driver of removed.drivers) ctx.stdout(`Removed driver "${driver}"${version} (${removed.packageName})\n`);
}
