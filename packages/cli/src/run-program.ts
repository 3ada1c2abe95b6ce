import { CommanderError } from 'commander';
import type { CliContext } from './context.js';
import { renderError } from './render-error.js';
import { buildProgram } from './program.js';
import { cliVersion } from './version.js';

/**
 * Builds the commander program and runs the command in argv; returns the exit code, with any error
 * rendered (a stack trace only with --debug). main.ts loads this after it has started the drivers the
 * command will need, so commander's load overlaps their start-up.
 */
export async function runProgram(ctx: CliContext, argv: string[], at: number, debug: boolean): Promise<number> {
  try {
    const program = buildProgram(ctx, cliVersion());
    if (argv.length === 0) {
      ctx.stdout(program.helpInformation());
      return 0;
    }
    if (at >= 0 && argv[at] === 'create') {
      const { prepareCreate } = await import('./prepare-create.js');
      await prepareCreate(ctx, program, argv.slice(at + 1));
    }
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError && (err.code === 'commander.helpDisplayed' || err.code === 'commander.version')) {
      return 0;
    }
    if (err instanceof CommanderError && err.code === 'commander.help') return 0;
    const rendered = renderError(err, { debug, programName: ctx.programName, argv });
    ctx.stderr(rendered.text);
    return rendered.exitCode;
  }
}
