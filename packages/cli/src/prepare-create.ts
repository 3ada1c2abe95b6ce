import type { Command } from 'commander';
import { getClient } from './client.js';
import type { CliContext } from './context.js';
import { findDriverName } from './create-options.js';
import { addDriverFlags } from './driver-flags.js';
import { setCreateDriver } from './create-driver.js';

/**
 * Phase 1 of `create` (reference §1.5): find the driver in raw argv, ask it for its flags, add them to
 * the command, so the real parse (and `--help`) knows them. The driver process started here is the
 * same one the create itself uses.
 */
export async function prepareCreate(ctx: CliContext, program: Command, createArgs: readonly string[]): Promise<void> {
  const driverName = findDriverName(createArgs, ctx.env);
  const create = program.commands.find((c) => c.name() === 'create');
  if (!create || !driverName) return;
  let driver;
  try {
    driver = await getClient(ctx).drivers().get(driverName);
  } catch (err) {
    // `create --help` must work even when the (default) driver is missing: show the shared flags.
    if (createArgs.some((a) => a === '-h' || a === '--help')) return;
    throw err;
  }
  addDriverFlags(create, driver.info.createFlags);
  create.description(`Create a machine with the "${driverName}" driver`);
  setCreateDriver(ctx, { name: driverName, flags: driver.info.createFlags });
}
