import { Command, Option } from 'commander';
import type { CliContext } from './context.js';
import { addDriverCommands } from './commands/driver-program.js';
import { addCreateOptions } from './create-options.js';
import { PROMPT_COMMANDS, type PromptCommandName } from './prompt-commands.js';

type Opts = Record<string, unknown>;
export type Handler = (ctx: CliContext, args: string[], opts: Opts) => Promise<void>;
export type Loader = () => Promise<{ run: Handler }>;
/** A commander action that loads its handler only when the command runs. */
export type LazyAction = (load: Loader) => (...params: unknown[]) => Promise<void>;

const collect = (value: string, previous: string[] = []) => [...previous, value];
const lifecycle = (action: 'start' | 'stop' | 'restart' | 'kill'): Loader => () =>
  import('./commands/lifecycle.js').then((m) => ({ run: m.lifecycleCommand(action) }));

/**
 * The command tree. Handlers are loaded on demand, so `berth env` never loads `create`'s code;
 * command names, flags and messages follow docker-machine (reference §1.4).
 *
 * `subcommand` is the command argv names, when the caller knows it before parsing. Defining
 * create's 19 shared flags takes ~3 ms, a twentieth of `berth env`'s whole run, so they are left
 * out when another known command runs; create itself, help, and anything unknown get the full tree.
 */
export function buildProgram(ctx: CliContext, version: string, subcommand?: string): Command {
  const program = new Command(ctx.programName)
    .description('Create and manage machines running Docker.')
    .version(`${ctx.programName} version ${version}`, '-v, --version', 'print the version')
    .enablePositionalOptions()
    .option('-D, --debug', 'Enable debug mode')
    .option('-s, --storage-path <path>', 'Configures storage path [$BERTH_STORAGE_PATH, $MACHINE_STORAGE_PATH]')
    .option('--tls-ca-cert <path>', 'CA to verify remotes against [$MACHINE_TLS_CA_CERT]')
    .option('--tls-ca-key <path>', 'Private key to generate certificates [$MACHINE_TLS_CA_KEY]')
    .option('--tls-client-cert <path>', 'Client cert to use for TLS [$MACHINE_TLS_CLIENT_CERT]')
    .option('--tls-client-key <path>', 'Private key used in client TLS auth [$MACHINE_TLS_CLIENT_KEY]')
    .option('--github-api-token <token>', 'Token to use for requests to the Github API [$MACHINE_GITHUB_API_TOKEN]')
    .option('--native-ssh', 'Use the native (Go-based) SSH implementation. [$MACHINE_NATIVE_SSH]')
    .option('--bugsnag-api-token <token>', 'Accepted for docker-machine compatibility; berth sends no crash reports')
    .addHelpCommand('help [command]', 'Shows a list of commands or help for one command');
  program.showHelpAfterError(false);
  // Set before the sub-commands are added: commander copies these settings into each of them.
  program.exitOverride().configureOutput({
    writeOut: (s) => ctx.stdout(s),
    writeErr: (s) => ctx.stderr(s),
    outputError: () => {},
  });

  const lazy: LazyAction = (load) => async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    const { run } = await load();
    await run(ctx, command.args, command.opts());
  };
  const add = (name: string, description: string, load: Loader) => program.command(name).description(description).action(lazy(load));
  const addPromptCommand = (name: PromptCommandName, description: string) => {
    const command = add(name, description, PROMPT_COMMANDS[name].load);
    for (const spec of PROMPT_COMMANDS[name].flags) {
      if (spec.repeatable) command.option(spec.flags, spec.description, collect, []);
      else if (spec.default !== undefined) command.option(spec.flags, spec.description, spec.default);
      else command.option(spec.flags, spec.description);
    }
    return command;
  };

  addPromptCommand('active', 'Print which machine is active');
  add('config', 'Print the connection config for machine', () => import('./commands/config.js'))
    .argument('[name...]')
    .option('--swarm', 'Display the Swarm config instead of the Docker daemon');
  const create = add('create', 'Create a machine', () => import('./commands/create.js')).argument('[name...]');
  addDriverCommands(program, lazy, ctx.programName);
  addPromptCommand('env', 'Display the commands to set up the environment for the Docker client').argument('[name...]');
  add('inspect', 'Inspect information about a machine', () => import('./commands/inspect.js'))
    .argument('[name...]')
    .option('-f, --format <template>', 'Format the output using the given go template, or `json`')
    .option('--json', 'Print JSON (the same as no --format)');
  add('ip', 'Get the IP address of a machine', () => import('./commands/ip.js')).argument('[name...]');
  add('kill', 'Kill a machine', lifecycle('kill')).argument('[name...]');
  addPromptCommand('ls', 'List machines');
  add('mount', 'Mount or unmount a directory from a machine with SSHFS.', () => import('./commands/mount.js'))
    .argument('[args...]')
    .option('-u, --unmount', 'Unmount instead of mount');
  add('provision', 'Re-provision existing machines', () => import('./commands/provision.js')).argument('[name...]');
  add('regenerate-certs', 'Regenerate TLS Certificates for a machine', () => import('./commands/regenerate-certs.js'))
    .argument('[name...]')
    .option('-f, --force', 'Force rebuild and do not prompt')
    .option('--client-certs', 'Also regenerate the CA and client certificates (replaces them even when still valid)');
  add('restart', 'Restart a machine', lifecycle('restart')).argument('[name...]');
  add('rm', 'Remove a machine', () => import('./commands/rm.js'))
    .argument('[name...]')
    .option('-f, --force', 'Remove local configuration even if machine cannot be removed, also implies an automatic yes (`-y`)')
    .option('-y', 'Assumes automatic yes to proceed with remove, without prompting further user confirmation');
  add('scp', 'Copy files between machines', () => import('./commands/scp.js'))
    .argument('[args...]')
    .option('-r, --recursive', 'Copy files recursively (required to copy directories)')
    .option('-d, --delta', 'Reduce amount of data sent over network by sending only the differences (uses rsync)')
    .option('-q, --quiet', 'Disables the progress meter as well as warning and diagnostic messages from ssh');
  // ssh parses no flags of its own: everything after the machine name is the remote command.
  add('ssh', 'Log into or run a command on a machine with SSH.', () => import('./commands/ssh.js'))
    .usage('[--replace-host-key] [NAME] [COMMAND...]')
    .argument('[args...]')
    .helpOption(false)
    .allowUnknownOption()
    .passThroughOptions()
    .hook('preAction', (cmd) => {
      if (['-h', '-help', '--help'].includes(cmd.args[0] ?? '')) cmd.help();
    });
  add('start', 'Start a machine', lifecycle('start')).argument('[name...]');
  add('status', 'Get the status of a machine', () => import('./commands/status.js')).argument('[name...]');
  add('stop', 'Stop a machine', lifecycle('stop')).argument('[name...]');
  add('url', 'Get the URL of a machine', () => import('./commands/url.js')).argument('[name...]');
  add('upgrade', 'Upgrade a machine to the latest version of Docker', () => import('./commands/upgrade.js')).argument('[name...]');
  add('version', 'Show the Docker Machine version or a machine docker version', () => import('./commands/version.js'))
    .argument('[name...]');
  const runsOtherCommand = subcommand !== undefined && subcommand !== 'create' && program.commands.some((c) => c.name() === subcommand || c.aliases().includes(subcommand));
  if (!runsOtherCommand) addCreateOptions(create);
  return program;
}

export { Option };
