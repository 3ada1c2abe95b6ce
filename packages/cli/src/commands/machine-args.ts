import type { MachineClient } from '@berth/core';
import { UsageError } from '../cli-error.js';

const DEFAULT_MACHINE = 'default';

/**
 * One machine name, falling back to a machine named `default` (docker-machine's rule, reference §1.3).
 * `showHelpFor` names the command whose help docker-machine prints before a count error (inspect).
 */
export async function oneMachineName(client: MachineClient, args: readonly string[], options: { showHelpFor?: string } = {}): Promise<string> {
  if (args.length > 1) throw new UsageError('Error: Expected one machine name as an argument', { ...options, seeHelp: true });
  if (args.length === 1) return args[0] as string;
  return defaultMachine(client);
}

/** One or more names for multi-machine actions, falling back to `default`. */
export async function machineNames(client: MachineClient, args: readonly string[]): Promise<string[]> {
  if (args.length) return [...args];
  return [await defaultMachine(client)];
}

async function defaultMachine(client: MachineClient): Promise<string> {
  if (await client.store.exists(DEFAULT_MACHINE)) return DEFAULT_MACHINE;
  throw new UsageError('Error: No machine name(s) specified and no "default" machine exists', {
    hint: 'Name a machine (`berth ls` lists them), or create one called "default".',
  });
}
