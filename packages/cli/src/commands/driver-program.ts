/**
 * The `berth driver` command tree: names, arguments, flags and help only. Each sub-command's code is
 * loaded when it runs, so `berth ls` and `berth env` never load any of it.
 */
import { isBerthError } from '@berth/core/base';
import type { Command } from 'commander';
import type { Handler, LazyAction, Loader } from '../program.js';

/** Driver command failures read `Error: ...` like docker-machine's command errors. */
function withErrorPrefix(load: Loader): Loader {
  return async () => {
    const { run } = await load();
    const wrapped: Handler = async (ctx, args, opts) => {
      try {
        await run(ctx, args, opts);
      } catch (err) {
        if (isBerthError(err) && !err.message.startsWith('Error')) err.message = `Error: ${err.message}`;
        throw err;
      }
    };
    return { run: wrapped };
  };
}

export function addDriverCommands(program: Command, lazy: LazyAction, programName: string): void {
  const p = programName;
  const action = (load: Loader) => lazy(withErrorPrefix(load));
  const driver = program
    .command('driver')
    .description('Manage drivers: list, inspect, install, remove and link them')
    .addHelpText(
      'after',
      `
A driver is the program that creates machines on one platform (a hypervisor, a cloud, an existing
host). berth runs each driver as its own process. To use driver NAME (\`${p} create -d NAME\`), berth
looks in these places, and the first one that has it wins:

  1. override   the file named by BERTH_DRIVER_<NAME>_PATH (a JS file or an executable)
  2. linked     a package directory recorded by \`${p} driver link DIR\`
  3. builtin    the drivers that come with berth (generic, none, ...)
  4. installed  a package installed by \`${p} driver install NAME\` (npm package berth-driver-NAME,
                kept in <store>/drivers)
  5. path       an executable named berth-driver-NAME on PATH

Examples:
  ${p} driver ls                          list every driver and where it comes from
  ${p} driver install example             install berth-driver-example from the npm registry
  ${p} driver inspect example             show its version, capabilities and create flags
  ${p} create -d example dev              create a machine with it
  ${p} driver rm example                  uninstall it again
`,
    );

  driver
    .command('ls')
    .description('List the drivers berth can use and where each comes from (starts none of them)')
    .option('--json', 'Print a JSON array of {name, version, source, protocol, package, path}')
    .option('-q, --quiet', 'Print only the driver names')
    .addHelpText(
      'after',
      `
Columns: NAME, VERSION (from the package), SOURCE (override, linked, builtin, installed or path),
PROTOCOL (driver protocol versions), PACKAGE (npm package) and PATH (the file that runs). When a
name appears more than once, the first row is the driver berth uses.

Examples:
  ${p} driver ls
  ${p} driver ls --json
`,
    )
    .action(action(() => import('./driver-ls.js')));

  driver
    .command('inspect')
    .description('Start a driver and show its version, protocol, capabilities and create flags')
    .argument('<name>', 'driver name, as given to `create -d`')
    .option('--json', 'Print the driver\'s initialize answer, with its source and path, as JSON')
    .addHelpText('after', `\nExamples:\n  ${p} driver inspect generic\n  ${p} driver inspect example --json\n`)
    .action(action(() => import('./driver-inspect.js')));

  driver
    .command('install')
    .description('Install a driver package from the npm registry, a .tgz file or a package directory')
    .argument('<spec>', 'NAME[@RANGE] (npm package berth-driver-NAME), @SCOPE/NAME[@RANGE], a path to a .tgz, or a directory')
    .addHelpText(
      'after',
      `
The package is installed with npm (the npm on PATH, or the one BERTH_NPM names) into
<store>/drivers. berth then starts each driver the package declares and checks that it answers; if
anything fails, or Ctrl-C is pressed, the install is undone and nothing is left behind. A directory
is packed with \`npm pack\` first, so berth keeps its own copy.

Examples:
  ${p} driver install example               berth-driver-example, latest version
  ${p} driver install example@^1.2          a version range
  ${p} driver install @acme/cloud           @acme/berth-driver-cloud
  ${p} driver install ./berth-driver-example-1.0.0.tgz
  ${p} driver install ./my-driver           a package directory
`,
    )
    .action(action(() => import('./driver-install.js')));

  driver
    .command('rm')
    .alias('remove')
    .description('Uninstall a driver package installed with `driver install`')
    .argument('<name>', 'driver name (example) or package name (berth-driver-example)')
    .addHelpText(
      'after',
      `
Only installed drivers can be removed this way: use \`${p} driver unlink NAME\` for linked ones;
built-in drivers come with berth, and PATH executables are yours to delete.

Examples:
  ${p} driver rm example
  ${p} driver rm @acme/berth-driver-cloud
`,
    )
    .action(action(() => import('./driver-rm.js')));

  driver
    .command('link')
    .description('Use the driver package in a directory, as it is (for driver development)')
    .argument('<dir>', 'a package directory whose package.json has a "berth" manifest')
    .addHelpText(
      'after',
      `
Each driver the package declares is started once to check it, then recorded: from then on berth
runs it straight from DIR (a linked driver comes before built-in and installed ones). Rebuild the
package and the next berth command uses the new code.

Examples:
  ${p} driver link .
  ${p} driver link ~/src/berth-driver-example
`,
    )
    .action(action(() => import('./driver-link.js')));

  driver
    .command('unlink')
    .description('Stop using a linked driver package (the directory is left alone)')
    .argument('<name>', 'driver name')
    .addHelpText('after', `\nExample:\n  ${p} driver unlink example\n`)
    .action(action(() => import('./driver-unlink.js')));
}
