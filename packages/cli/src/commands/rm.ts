import { removalError, removeMachines } from '@berth/core';
import { UsageError } from '../cli-error.js';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';

export async function run(ctx: CliContext, args: string[], opts: Record<string, unknown>): Promise<void> {
  if (!args.length) throw new UsageError('Error: Expected to get one or more machine names as arguments', { showHelpFor: 'rm' });
  const force = opts.force === true;
  ctx.stdout(`About to remove ${args.join(', ')}\n`);
  ctx.stdout('WARNING: This action will delete both local reference and remote instance.\n');
  if (!force && opts.y !== true) {
    const answer = await ctx.readLine('Are you sure? (y/n): ');
    if (!answer || !answer.trim().toLowerCase().startsWith('y')) return;
  }
  const results = await removeMachines(getClient(ctx), args, { force });
  for (const r of results) {
    if (r.removed) ctx.stdout(`Successfully removed ${r.name}\n`);
  }
  const error = removalError(results);
  if (!error) return;
  // docker-machine: with -f the errors are printed and the exit code stays 0.
  if (force) ctx.stderr(`${error.message}\n`);
  else throw error;
}
