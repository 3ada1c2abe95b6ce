import { readBuiltinDrivers } from '../builtin-drivers.js';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { renderDriverDescription, renderJSON } from './driver-output.js';

/** `berth driver inspect NAME`: resolves the driver as `create -d NAME` would, starts it and shows its initialize answer. */
export async function run(ctx: CliContext, args: string[], opts: Record<string, unknown>): Promise<void> {
  const [name = ''] = args;
  const driver = await getClient(ctx).drivers().get(name);
  const { info, resolved } = driver;
  if (opts.json) {
    ctx.stdout(renderJSON({ ...info, source: resolved.source, path: resolved.entry }));
    return;
  }
  const packageName = resolved.source === 'builtin' ? readBuiltinDrivers().packages[name]?.packageName : resolved.packageName;
  ctx.stdout(renderDriverDescription({ info, source: resolved.source, path: resolved.entry, ...(packageName === undefined ? {} : { packageName }) }));
}
