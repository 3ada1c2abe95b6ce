import { unlinkDriver } from '@berth/core';
import type { CliContext } from '../context.js';

/** `berth driver unlink NAME`: forgets the link; the package directory is not touched. */
export async function run(ctx: CliContext, args: string[]): Promise<void> {
  const [name = ''] = args;
  const { dir } = await unlinkDriver(name, { storePath: ctx.storePath });
  ctx.stdout(`Unlinked driver "${name}" (was ${dir})\n`);
}
