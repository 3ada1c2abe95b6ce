import { createMachineClient, type MachineClient } from '@berth/core';
import { locateBuiltinDrivers } from './builtin-drivers.js';
import type { CliContext } from './context.js';
import { cliVersion } from './version.js';

const clients = new WeakMap<CliContext, MachineClient>();

/** The command's machine client, made on first use and disposed (every driver stopped) when the command ends. */
export function getClient(ctx: CliContext): MachineClient {
  let client = clients.get(ctx);
  if (!client) {
    const made = createMachineClient({
      storePath: ctx.storePath,
      env: ctx.env,
      builtins: locateBuiltinDrivers,
      logger: ctx.logger,
      // Read from package.json when a driver starts: `env` and `ls -q` of `none` machines start none.
      hostInfo: {
        name: 'berth',
        get version() {
          return cliVersion();
        },
      },
      debug: ctx.debug,
      onProgress: (p) => ctx.logger.info(`(${p.machine}) ${p.message}${p.percent === undefined ? '' : ` ${p.percent}%`}`),
    });
    ctx.onDispose(() => made.dispose());
    ctx.onInterrupt(() => made.killDriversSync());
    clients.set(ctx, made);
    client = made;
  }
  return client;
}
