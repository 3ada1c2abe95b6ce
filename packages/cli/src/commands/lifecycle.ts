import { applyLifecycle, runOnMachines, type LifecycleAction } from '@berth/core';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { machineNames } from './machine-args.js';

const AFTERWORD: Partial<Record<LifecycleAction, string>> = {
  start: 'Started machines may have new IP addresses. You may need to re-run the `berth env` command.',
  restart: 'Restarted machines may have new IP addresses. You may need to re-run the `berth env` command.',
};

/** `start`, `stop`, `restart`, `kill`: the same multi-machine shape, one driver action each. */
export function lifecycleCommand(action: LifecycleAction) {
  return async (ctx: CliContext, args: string[]): Promise<void> => {
    const client = getClient(ctx);
    await runOnMachines(client, await machineNames(client, args), (record) => applyLifecycle(client, record, action));
    const afterword = AFTERWORD[action];
    if (afterword) ctx.logger.info(afterword);
  };
}
