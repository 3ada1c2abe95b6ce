import { CommanderError, type Command } from 'commander';
import { isDebug, normalizeCommandFlags, normalizeGlobalFlags, subcommandIndex } from './argv.js';
import { createContext } from './create-context.js';
import { renderError } from './render-error.js';
import { buildProgram } from './program.js';
import { fullVersion } from './version.js';

/** The entry point: the one place that renders errors and exits. */
async function main(): Promise<number> {
  const given = process.argv.slice(2);
  // Go flag syntax (`-storage-path S`, `--debug=false`) as commander's, from here on.
  let argv: string[];
  let debug: boolean;
  try {
    argv = normalizeGlobalFlags(given, 'berth');
    debug = isDebug(argv, process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  const { ctx, dispose, interrupt, wasInterrupted } = createContext(argv, debug);
  ctx.argv = given;
  process.on('SIGINT', () => {
    if (interrupt()) process.exit(130);
  });
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
    if (at >= 0) argv = normalizeCommandFlags(argv, at, program);
    await program.parseAsync(argv, { from: 'user' });
    return wasInterrupted() ? 130 : 0;
  } catch (err) {
    if (err instanceof CommanderError && (err.code === 'commander.helpDisplayed' || err.code === 'commander.version')) {
      return 0;
    }
    if (err instanceof CommanderError && err.code === 'commander.help') return 0;
    const rendered = renderError(err, { debug, programName: ctx.programName, argv, program });
    if (rendered.help) ctx.stdout(rendered.help);
    ctx.stderr(rendered.text);
    return wasInterrupted() ? 130 : rendered.exitCode;
  } finally {
    await dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`berth: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
