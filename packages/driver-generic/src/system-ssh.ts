import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface SystemSSHTarget {
  host: string;
  port: number;
  user: string;
  keyPath: string;
  /** The machine folder, whose known_hosts holds the host key berth pinned at create. */
  dir: string;
}

/** How long a driver-side SSH command may take (a reboot request answers at once). */
const SSH_COMMAND_TIMEOUT_MS = 60_000;

/**
 * Runs one command with the system `ssh` binary (a driver may only use the SDK and Node), checking the
 * host key berth pinned in the machine's known_hosts instead of disabling checks as docker-machine did.
 */
export function runSSH(target: SystemSSHTarget, command: string, signal?: AbortSignal): Promise<{ exitCode: number; stderr: string }> {
  const args = [
    '-F', '/dev/null',
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=10',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${join(target.dir, 'known_hosts')}`,
    '-o', 'LogLevel=error',
    ...(target.keyPath ? ['-o', 'IdentitiesOnly=yes', '-i', target.keyPath] : []),
    '-p', String(target.port),
    `${target.user}@${target.host}`,
    command,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['ignore', 'ignore', 'pipe'], ...(signal ? { signal } : {}), timeout: SSH_COMMAND_TIMEOUT_MS });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ exitCode: code ?? 255, stderr }));
  });
}
