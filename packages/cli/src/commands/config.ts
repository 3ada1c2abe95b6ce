import { checkMachineConnection, goQuote, machineTLSFiles, storeLayout } from '@berth/core';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { oneMachineName } from './machine-args.js';
import { swarmURL } from './swarm-url.js';

export async function run(ctx: CliContext, args: string[], opts: Record<string, unknown>): Promise<void> {
  const client = getClient(ctx);
  const name = await oneMachineName(client, args);
  const record = await client.store.load(name);
  let url: string;
  try {
    url = (await checkMachineConnection(client, record, opts.swarm ? { swarm: (engineURL) => swarmURL(record, engineURL) } : {})).url;
  } catch (err) {
    if (err instanceof Error) err.message = `Error running connection boilerplate: ${err.message}`;
    throw err;
  }
  const dir = storeLayout(client.storePath).machineDir(name);
  const files = machineTLSFiles(record, dir);
  const host = opts.swarm ? swarmURL(record, url) : url;
  ctx.stdout(
    [
      '--tlsverify',
      `--tlscacert=${goQuote(files.caPath)}`,
      `--tlscert=${goQuote(files.certPath)}`,
      `--tlskey=${goQuote(files.keyPath)}`,
      `-H=${host}`,
    ].join('\n') + '\n',
  );
}
