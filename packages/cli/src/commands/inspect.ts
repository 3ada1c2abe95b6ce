import { serializeRecord } from '@berth/core';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { INSPECT_FUNCTIONS, parseTemplate } from '../render/go-template.js';
import { oneMachineName } from './machine-args.js';

export async function run(ctx: CliContext, args: string[], opts: Record<string, unknown>): Promise<void> {
  const format = opts.format as string | undefined;
  // Parse first: a bad template is an error before anything is loaded.
  const template = format && format !== 'json' ? parseTemplate(format, INSPECT_FUNCTIONS) : undefined;
  const client = getClient(ctx);
  const name = await oneMachineName(client, args, { showHelpFor: 'inspect' });
  const record = await client.store.load(name);
  if (!template) {
    ctx.stdout(`${serializeRecord(record)}\n`);
    return;
  }
  // Template field names are the JSON keys (docker-machine marshals, then unmarshals into a map).
  ctx.stdout(`${template.execute(JSON.parse(serializeRecord(record)))}\n`);
}
