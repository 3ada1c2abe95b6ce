import { CommanderError, type Command } from 'commander';
import { normalizeCommandFlags, subcommandIndex } from './argv.js';
import type { CliContext } from './context.js';
import { showError } from './render-error.js';
import { buildProgram } from './program.js';
import { fullVersion } from './version.js';

/**
 * Any command line through commander: help, `create` with its driver's flags, every command and every
 * usage error. Returns the exit code; errors are rendered here, where the program is known (some
 * usage errors print a command's help first).
 */
export async function runProgram(ctx: CliContext, argv: string[], debug: boolean): Promise<number> {
  let program: Command | undefined;
  try {
    const at = subcommandIndex(argv);
    program = buildProgram(ctx, fullVersion(), argv[at]);
    if (argv.length === 0) {
      ctx.stdout(program.helpInformation());
      return 0;
    }
    if (at >= 0 && argv[at] === 'create') {
      const { prepareCreate } = await import('./prepare-create.js');
      await prepareCreate(ctx, program, argv.slice(at + 1));
    }
    const parsed = at >= 0 ? normalizeCommandFlags(argv, at, program) : argv;
    await program.parseAsync(parsed, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError && ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) return 0;
    return showError(ctx, err, debug, argv, program);
  }
}
