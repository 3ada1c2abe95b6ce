import { subcommandIndex, isDebug } from './argv.js';
import { createContext } from './create-context.js';
import { prelaunchTargets } from './prelaunch-targets.js';

/** The entry point: the one place that exits. Kept small: it starts the command's drivers before anything big loads. */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let debug: boolean;
  try {
    debug = isDebug(argv, process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  const { ctx, dispose, interrupt } = createContext(argv, debug);
  process.on('SIGINT', () => {
    interrupt();
    process.exit(130);
  });
  // Drivers take longer to start than the CLI: start the ones this command will ask right away.
  const at = subcommandIndex(argv);
  const targets = prelaunchTargets(argv, at);
  const prelaunching = targets && import('./prelaunch.js').then((m) => m.prelaunch(ctx, targets)).catch(() => {});
  try {
    const { runProgram } = await import('./run-program.js');
    return await runProgram(ctx, argv, at, debug);
  } finally {
    await prelaunching;
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
