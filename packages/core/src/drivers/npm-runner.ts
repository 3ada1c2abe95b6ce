/**
 * Runs npm for `berth driver install`/`rm`: the `npm` on PATH, or the executable BERTH_NPM names, with
 * the caller's environment (so npm_config_* settings such as offline mode and the cache are honoured).
 * execa is imported on first use: its import alone costs ~100 ms, which `ls` and `env` must not pay.
 */
import { BerthError } from '../errors.js';
import type { Env } from '../paths.js';
import { describeDuration } from './driver-errors.js';

/** An install that downloads a big dependency tree over a slow link can take minutes; ten is generous. */
export const NPM_TIMEOUT_MS = 10 * 60_000;

/** Flags every npm call gets: no audit or funding requests and messages. */
export const NPM_QUIET_FLAGS = ['--no-audit', '--no-fund'] as const;

export interface RunNpmOptions {
  cwd: string;
  /** npm's whole environment. */
  env: Env;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface NpmResult {
  stdout: string;
  stderr: string;
}

/** The npm executable: BERTH_NPM, else `npm` from PATH. */
export function npmCommand(env: Env): string {
  const chosen = env.BERTH_NPM;
  return chosen !== undefined && chosen !== '' ? chosen : 'npm';
}

/** Runs `npm ARGS` in `cwd`; a failure becomes NPM_FAILED whose message is npm's own error line. */
export async function runNpm(args: readonly string[], options: RunNpmOptions): Promise<NpmResult> {
  const { execa } = await import('execa');
  const command = npmCommand(options.env);
  const result = await execa(command, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: options.timeoutMs ?? NPM_TIMEOUT_MS,
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
  });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (!result.failed) return { stdout, stderr };
  if (result.code === 'ENOENT') {
    throw new BerthError('NPM_NOT_FOUND', `npm was not found: "${command}" is not ${command === 'npm' ? 'on PATH' : 'an executable'}`, {
      hint: 'Install npm (it comes with Node.js), or set BERTH_NPM to the npm executable to use.',
    });
  }
  const why = result.timedOut ? `it took longer than ${describeDuration(options.timeoutMs ?? NPM_TIMEOUT_MS)}` : summarizeNpmError(stderr, result.exitCode);
  throw new BerthError('NPM_FAILED', `npm ${args[0] ?? ''} failed: ${why}`, {
    details: { command, args: [...args], exitCode: result.exitCode, stderr },
  });
}

/** npm's error lines, minus the bookkeeping ones (`code`, `errno`, the log file): the first that says what went wrong. */
export function summarizeNpmError(stderr: string, exitCode: number | undefined): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => /^npm (?:error|ERR!)\s*(.*)$/.exec(line)?.[1]?.trim())
    .filter((line): line is string => line !== undefined && line !== '');
  const useful = lines.filter((line) => !/^(code|errno|syscall|path|enoent\s*$|A complete log of this run|Log files were not written)/i.test(line));
  const first = useful[0] ?? lines[0] ?? stderr.trim().split(/\r?\n/).at(-1);
  return first !== undefined && first !== '' ? first : `exit code ${exitCode ?? 'unknown'}`;
}

/** `npm pack --json` prints an array with one object per package; scripts may print before it. */
export function parsePackOutput(stdout: string): { name: string; filename: string } {
  const start = stdout.startsWith('[') ? 0 : stdout.indexOf('\n[') + 1;
  let value: unknown;
  try {
    value = JSON.parse(stdout.slice(start));
  } catch {
    value = undefined;
  }
  const first = Array.isArray(value) ? (value[0] as { name?: unknown; filename?: unknown } | undefined) : undefined;
  if (typeof first?.name !== 'string' || typeof first.filename !== 'string') {
    throw new BerthError('NPM_FAILED', `npm pack printed no package name (output: ${stdout.trim().slice(0, 200) || 'none'})`);
  }
  return { name: first.name, filename: first.filename };
}
