import type { Logger } from '@berth/core';
import type { CliContext } from '../context.js';

/**
 * What `driver install` and `driver link` hand core to start a driver once and check it: the CLI's
 * environment, and a logger that keeps the driver's own log lines to --debug (they are not the result).
 */
export function validationOptions(ctx: CliContext, version: string) {
  const debugOnly: Logger = {
    error: (m) => ctx.logger.debug(m),
    warn: (m) => ctx.logger.debug(m),
    info: (m) => ctx.logger.debug(m),
    debug: (m) => ctx.logger.debug(m),
  };
  return {
    env: ctx.env,
    hostInfo: { name: 'berth', version },
    logger: debugOnly,
    logLevel: ctx.debug ? ('debug' as const) : ('info' as const),
  };
}
