import { checkMachineConnection, machineIP, storeLayout } from '@berth/core';
import { UsageError } from '../cli-error.js';
import { getClient } from '../client.js';
import type { CliContext } from '../context.js';
import { detectShell, formatCommandLine, noProxyVariable, renderEnv, UnknownShellError } from '../shell-env.js';
import { oneMachineName } from './machine-args.js';
import { swarmURL } from './swarm-url.js';

const VARIABLES = ['DOCKER_TLS_VERIFY', 'DOCKER_HOST', 'DOCKER_CERT_PATH', 'DOCKER_MACHINE_NAME'] as const;

export async function run(ctx: CliContext, args: string[], opts: Record<string, unknown>): Promise<void> {
  const commandLine = formatCommandLine([ctx.programName, ...ctx.argv]);
  // commander turns --no-proxy into proxy === false.
  const noProxy = opts.proxy === false;
  if (opts.unset) {
    if (args.length) throw new UsageError('Error: Expected no machine name when the -u flag is present', { seeHelp: true });
    const shell = chooseShell(ctx, opts.shell as string | undefined);
    const unset: string[] = [...VARIABLES];
    if (noProxy) unset.push(noProxyVariable(ctx.env, '')[0]);
    ctx.stdout(renderEnv({ shell, unset }, commandLine));
    return;
  }
  const client = getClient(ctx);
  const name = await oneMachineName(client, args);
  const record = await client.store.load(name);
  let url: string;
  try {
    url = (await checkMachineConnection(client, record, opts.swarm ? { swarm: (engineURL) => swarmURL(record, engineURL) } : {})).url;
  } catch (err) {
    if (err instanceof Error) err.message = `Error checking TLS connection: ${err.message}`;
    throw err;
  }
  // reference §1.6: the shell is determined after the machine loaded and answered.
  const shell = chooseShell(ctx, opts.shell as string | undefined);
  const set: Array<[string, string]> = [
    ['DOCKER_TLS_VERIFY', '1'],
    ['DOCKER_HOST', opts.swarm ? swarmURL(record, url) : url],
    ['DOCKER_CERT_PATH', storeLayout(client.storePath).machineDir(name)],
    ['DOCKER_MACHINE_NAME', name],
  ];
  if (ctx.platform === 'win32') set.push(['COMPOSE_CONVERT_WINDOWS_PATHS', 'true']);
  if (noProxy) set.push(noProxyVariable(ctx.env, await machineIP(client, record)));
  ctx.stdout(renderEnv({ shell, set }, commandLine));
}

function chooseShell(ctx: CliContext, flag: string | undefined): string {
  if (flag) return flag;
  try {
    return detectShell(ctx.env, ctx.platform);
  } catch (err) {
    if (err instanceof UnknownShellError) {
      ctx.stdout("The default lines below are for a sh/bash shell, you can specify the shell you're using, with the --shell flag.\n\n");
      throw new UsageError('Error: Unknown shell. Pass it with --shell (bash, zsh, fish, powershell, cmd, tcsh, emacs).');
    }
    throw err;
  }
}
