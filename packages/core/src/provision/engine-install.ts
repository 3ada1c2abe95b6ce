/**
 * Getting the Docker engine onto a machine (reference §6.2 "Install Docker") and finding its daemon
 * binary. Fixes over docker-machine: install URL `none` skips installation (rancher's fix); a failing
 * install script is one clear ENGINE_INSTALL_FAILED, never retried; a failed download is not masked
 * by the pipe (`curl | sh` exits 0 when curl fails, because sh happily runs an empty script).
 */
import { BerthError, isBerthError } from '../errors.js';
import { DEFAULT_ENGINE_INSTALL_URL } from '../store/record.js';
import { runPackageAction } from './package-actions.js';
import type { Provisioner } from './provisioners.js';
import { shellQuote } from './quoting.js';
import { hasCommand, outputTail, runRemote, type RemoteContext } from './remote-commands.js';

/** get.docker.com waits 20 s when docker exists, then downloads ~100 MB of packages: minutes on slow links. */
export const ENGINE_INSTALL_TIMEOUT_MS = 20 * 60_000;
/** The install URL that means "do not install Docker" (rancher/machine). */
export const NO_INSTALL_URL = 'none';

/**
 * Downloads the install script, then runs it: the download's own exit code (curl 6 = unresolvable
 * host, 22 = HTTP error) reaches us instead of sh's 0 for an empty script.
 */
export function installScriptCommand(url: string, options: { onlyIfMissing: boolean; fetcher?: 'curl' | 'wget' }): string {
  const fetch = options.fetcher === 'wget' ? `wget -qO- ${shellQuote(url)}` : `curl -fsSL --connect-timeout 30 ${shellQuote(url)}`;
  const install = `script=$(${fetch}) && printf '%s\\n' "$script" | sh -`;
  return options.onlyIfMissing ? `if ! type docker >/dev/null 2>&1; then ${install}; fi` : install;
}

export type EngineInstallOutcome = 'installed' | 'already-installed' | 'skipped';

/** Installs Docker unless it is there, part of the OS, or the install URL is `none`. */
export async function installEngine(ctx: RemoteContext, provisioner: Provisioner, installURL: string): Promise<EngineInstallOutcome> {
  if (installURL === NO_INSTALL_URL) {
    ctx.logger.debug(`(${ctx.machineName}) install URL is "none": not installing Docker`);
    return 'skipped';
  }
  const isDefaultURL = installURL === DEFAULT_ENGINE_INSTALL_URL;
  switch (provisioner.engineInstall) {
    case 'preinstalled':
      return 'already-installed';
    case 'rancheros':
      // RancherOS always has an engine; a custom URL switches it, as docker-machine did with wget.
      if (isDefaultURL) return 'already-installed';
      ctx.logger.info('Installing Docker...');
      await runInstallScript(ctx, installURL, installScriptCommand(installURL, { onlyIfMissing: false, fetcher: 'wget' }));
      return 'installed';
    case 'package':
    case 'script':
      break;
  }
  if (await hasCommand(ctx, 'docker')) {
    ctx.logger.debug(`(${ctx.machineName}) Docker is already installed`);
    return 'already-installed';
  }
  ctx.logger.info('Installing Docker...');
  if (provisioner.engineInstall === 'package' && isDefaultURL) {
    await installEnginePackage(ctx, provisioner);
  } else {
    await runInstallScript(ctx, installURL, installScriptCommand(installURL, { onlyIfMissing: true }));
  }
  if (!(await hasCommand(ctx, 'docker'))) {
    throw new BerthError('ENGINE_INSTALL_FAILED', `Installing Docker on "${ctx.machineName}" from ${installURL} finished, but there is no docker command`, {
      hint: 'Check that the install script supports this distribution.',
    });
  }
  return 'installed';
}

/** Runs an install script once; a non-zero exit is ENGINE_INSTALL_FAILED with the end of its output. */
export async function runInstallScript(ctx: RemoteContext, installURL: string, command: string): Promise<void> {
  ctx.logger.debug(`(${ctx.machineName}) installing Docker from ${installURL}`);
  const result = await runRemote(ctx, command, { timeoutMs: ENGINE_INSTALL_TIMEOUT_MS });
  if (result.exitCode === 0) return;
  const tail = outputTail(result);
  throw new BerthError(
    'ENGINE_INSTALL_FAILED',
    `Installing Docker on "${ctx.machineName}" from ${installURL} failed (exit ${result.exitCode})${tail ? `: ${tail}` : ''}`,
    {
      hint:
        `The machine must be able to download ${installURL}. Install Docker there yourself, or pass ` +
        '--engine-install-url with a script it can reach (or "none" to skip installing).',
      details: { command, exitCode: result.exitCode, output: tail },
    },
  );
}

/** The distribution's `docker` package (Arch, SUSE, Amazon Linux). */
async function installEnginePackage(ctx: RemoteContext, provisioner: Provisioner): Promise<void> {
  try {
    await runPackageAction(ctx, provisioner.packageManager, 'install', ['docker']);
  } catch (err) {
    if (!isBerthError(err, 'PACKAGE_ACTION_FAILED')) throw err;
    throw new BerthError('ENGINE_INSTALL_FAILED', `Installing Docker on "${ctx.machineName}" with ${provisioner.packageManager} failed: ${err.message}`, {
      ...(err.hint ? { hint: err.hint } : {}),
      cause: err,
      ...(err.details ? { details: err.details } : {}),
    });
  }
}

/** Engines before 1.12 have no dockerd: the daemon is `docker daemon`. */
const FIRST_DOCKERD_VERSION: readonly [number, number] = [1, 12];

/**
 * The words that start the daemon in the drop-in: the dockerd on the machine's PATH (sbin included,
 * which a non-root SSH user's PATH lacks: Debian's docker.io has /usr/sbin/dockerd), `docker daemon`
 * for engines before 1.12, else the provisioner's default path.
 */
export async function findDaemonCommand(ctx: RemoteContext, provisioner: Provisioner): Promise<string[]> {
  const found = await runRemote(ctx, 'PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"; command -v dockerd');
  const path = lastLine(found.stdout);
  if (found.exitCode === 0 && path.startsWith('/')) return [path];
  const version = await runRemote(ctx, 'docker --version');
  const match = /version (\d+)\.(\d+)/.exec(version.stdout);
  if (version.exitCode === 0 && match) {
    const [major, minor] = [Number(match[1]), Number(match[2])];
    if (major < FIRST_DOCKERD_VERSION[0] || (major === FIRST_DOCKERD_VERSION[0] && minor < FIRST_DOCKERD_VERSION[1])) {
      return ['/usr/bin/docker', 'daemon'];
    }
  }
  ctx.logger.warn(`No dockerd found on "${ctx.machineName}"; the engine configuration uses ${provisioner.defaultDockerdPath}`);
  return [provisioner.defaultDockerdPath];
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  return lines[lines.length - 1] ?? '';
}
