import { regenerateMachineCertificates } from '@berth/core';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { machineNames } from './machine-args.js';

export const REGENERATE_PROMPT = 'Regenerate TLS machine certs?  Warning: this is irreversible. (y/n): ';

/** `regenerate-certs [-f] [--client-certs] [NAME...]` (reference §1.4): asks first unless -f; "no" or EOF does nothing. */
export async function run(ctx: CliContext, args: string[], opts: Record<string, unknown>): Promise<void> {
  if (opts.force !== true) {
    const answer = await ctx.readLine(REGENERATE_PROMPT);
    if (!answer || !answer.trim().toLowerCase().startsWith('y')) return;
  }
  const client = getClient(ctx);
  const names = await machineNames(client, args);
  ctx.logger.info('Regenerating TLS certificates');
  await regenerateMachineCertificates(client, names, { clientCerts: opts.clientCerts === true });
}
