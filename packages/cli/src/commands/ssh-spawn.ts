import { spawn } from 'node:child_process';
import { access, constants as fsConstants } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Env } from '@berth/core';

/**
 * The first `name` on PATH that this user may execute, or undefined. On Windows each PATHEXT
 * extension is tried too.
 */
export async function findExecutable(name: string, env: Env, platform: NodeJS.Platform = process.platform): Promise<string | undefined> {
  const dirs = (env['PATH'] ?? env['Path'] ?? '').split(delimiter).filter((dir) => dir !== '');
  const extensions = platform === 'win32' ? ['', ...(env['PATHEXT'] ?? '.EXE;.CMD;.BAT;.COM').split(';').filter((ext) => ext !== '')] : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = join(dir, name + ext);
      try {
        await access(candidate, platform === 'win32' ? fsConstants.F_OK : fsConstants.X_OK);
        return candidate;
      } catch {
        // not here: try the next directory
      }
    }
  }
  return undefined;
}

/** Exit status of a program killed by a signal, as shells report it (128 + signal number). */
function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 0);
}

/**
 * Runs a local program (ssh, scp, rsync, sshfs, fusermount) on this terminal: stdio inherited, so it
 * prompts, shows progress and reads keys itself. Resolves to its exit status. No timeout: the user
 * is watching it and can stop it with Ctrl-C.
 */
export function runInherited(file: string, args: readonly string[], env: Env): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const child = spawn(file, [...args], { stdio: 'inherit', env: env as NodeJS.ProcessEnv });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal === null ? 1 : signalStatus(signal))));
  });
}
