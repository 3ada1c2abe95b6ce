// Placeholder while the command is being written; replaced by its implementation.
import { UsageError } from '../cli-error.js';
import type { CliContext } from '../context.js';

export async function run(_ctx: CliContext, _args: string[], _opts: Record<string, unknown>): Promise<void> {
  throw new UsageError('Error: berth ssh is not available in this build yet');
}
