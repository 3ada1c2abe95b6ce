import { isDebug, normalizeGlobalFlags } from './argv.js';
import { createContext } from './create-context.js';
import { quickCommandLine } from './quick-parse.js';

/**
 * The entry point: the one place that exits. `env`, `ls` and `active` with a plain command line run
 * without loading commander (they run at shell prompts); everything else goes through the program.
 */
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
  let code: number;
  try {
    const quick = quickCommandLine(argv);
    if (quick) {
      try {
        const { run } = await quick.load();
        await run(ctx, quick.args, quick.opts);
        code = 0;
      } catch (err) {
        code = (await import('./render-error.js')).showError(ctx, err, debug, argv);
      }
    } else {
      code = await (await import('./run-program.js')).runProgram(ctx, argv, debug);
    }
  } finally {
    await dispose();
  }
  return wasInterrupted() ? 130 : code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`berth: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
