import { prelaunchDrivers } from '@berth/core';
import { getClient } from './client.js';
import type { CliContext } from './context.js';
import type { PrelaunchTargets } from './prelaunch-targets.js';

/** Starts the drivers of `targets` on the command's own client, so the command finds them running. */
export async function prelaunch(ctx: CliContext, targets: PrelaunchTargets): Promise<void> {
  await prelaunchDrivers(getClient(ctx), targets.names);
}
