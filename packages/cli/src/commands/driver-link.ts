import { linkDriver } from '@berth/core';
import type { CliContext } from '../context.js';
import { cliVersion } from '../version.js';
import { validationOptions } from './driver-validation.js';

/** `berth driver link DIR`: one `Linked driver "x" -> DIR` line per driver the package declares. */
export async function run(ctx: CliContext, args: string[]): Promise<void> {
  const [dir = ''] = args;
  const linked = await linkDriver(dir, { storePath: ctx.storePath, cwd: process.cwd(), ...validationOptions(ctx, cliVersion()) });
  for (const d of linked) ctx.stdout(`Linked driver "${d.name}" -> ${d.dir}\n`);
}
