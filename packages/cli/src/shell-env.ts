// Output of `berth env` (reference §1.6): the lines that set or unset the Docker variables in
// the user's shell, then a two-line hint showing how to evaluate them. Values are written
// without escaping, as docker-machine does.
import { posix, win32 } from 'node:path';

export type Shell = 'bash' | 'zsh' | 'sh' | 'fish' | 'powershell' | 'cmd' | 'tcsh' | 'emacs';

/** $SHELL is empty on a Unix host; the caller prints the `--shell` hint first. */
export class UnknownShellError extends Error {
  override readonly name = 'UnknownShellError';

  constructor() {
    super('Unknown shell');
  }
}

/**
 * The shell to render for when no `--shell` was given. Unix: basename of $SHELL. Windows: `fish`
 * inside fish, else basename of $SHELL; without $SHELL, `powershell` when PSModulePath is set,
 * else `cmd` (docker-machine inspects the parent process instead).
 */
export function detectShell(env: Record<string, string | undefined>, platform: NodeJS.Platform): string {
  const shell = env.SHELL ?? '';
  if (platform === 'win32') {
    if (shell === '') return env.PSModulePath ? 'powershell' : 'cmd';
    if (env.__fish_bin_dir) return 'fish';
    return win32.basename(shell);
  }
  if (shell === '') throw new UnknownShellError();
  return posix.basename(shell);
}

interface ShellSyntax {
  set(name: string, value: string): string;
  unset(name: string): string;
  comment: string;
  wrap(commandLine: string): string;
}

const POSIX: ShellSyntax = {
  set: (name, value) => `export ${name}="${value}"`,
  unset: (name) => `unset ${name}`,
  comment: '#',
  wrap: (commandLine) => `eval $(${commandLine})`,
};

const SYNTAX: Partial<Record<Shell, ShellSyntax>> = {
  fish: {
    set: (name, value) => `set -gx ${name} "${value}";`,
    unset: (name) => `set -e ${name};`,
    comment: '#',
    wrap: (commandLine) => `eval (${commandLine})`,
  },
  powershell: {
    set: (name, value) => `$Env:${name} = "${value}"`,
    unset: (name) => `Remove-Item Env:\\\\${name}`,
    comment: '#',
    wrap: (commandLine) => `& ${commandLine} | Invoke-Expression`,
  },
  cmd: {
    set: (name, value) => `SET ${name}=${value}`,
    unset: (name) => `SET ${name}=`,
    comment: 'REM',
    wrap: (commandLine) => `\t@FOR /f "tokens=*" %i IN ('${commandLine}') DO @%i`,
  },
  tcsh: {
    set: (name, value) => `setenv ${name} "${value}";`,
    unset: (name) => `unsetenv ${name};`,
    comment: ':',
    wrap: (commandLine) => `eval \`${commandLine}\``,
  },
  emacs: {
    set: (name, value) => `(setenv "${name}" "${value}")`,
    unset: (name) => `(setenv "${name}" nil)`,
    comment: ';;',
    wrap: (commandLine) => `(with-temp-buffer (shell-command "${commandLine}" (current-buffer)) (eval-buffer))`,
  },
};

function syntaxFor(shell: string): ShellSyntax {
  return Object.hasOwn(SYNTAX, shell) ? SYNTAX[shell as Shell]! : POSIX;
}

export type EnvRequest = { shell: string; set: Array<[string, string]> } | { shell: string; unset: string[] };

/**
 * The full `env` output: one line per variable, then `<c> Run this command to configure your
 * shell: ` (trailing space) and `<c> <command line wrapped for the shell>`. Every line ends
 * with `\n`. Unset lines carry only the variable name (docker-machine glued the value of the
 * no-proxy variable onto it).
 */
export function renderEnv(request: EnvRequest, commandLine: string): string {
  const syntax = syntaxFor(request.shell);
  const lines = 'set' in request
    ? request.set.map(([name, value]) => syntax.set(name, value))
    : request.unset.map((name) => syntax.unset(name));
  lines.push(`${syntax.comment} Run this command to configure your shell: `);
  lines.push(`${syntax.comment} ${syntax.wrap(commandLine)}`);
  return lines.map((line) => `${line}\n`).join('');
}

/** argv joined by spaces; argv[0] double-quoted when it contains a space or a backslash. */
export function formatCommandLine(argv: readonly string[]): string {
  return argv
    .map((arg, i) => (i === 0 && (arg.includes(' ') || arg.includes('\\')) ? `"${arg}"` : arg))
    .join(' ');
}

/**
 * `--no-proxy`: `no_proxy` when that lower-case variable is non-empty, else `NO_PROXY`; its value
 * with `ip` appended after a comma (just `ip` when empty, unchanged when `ip` already occurs).
 */
export function noProxyVariable(env: Record<string, string | undefined>, ip: string): [string, string] {
  const name = env.no_proxy ? 'no_proxy' : 'NO_PROXY';
  const current = env[name] ?? '';
  if (current === '') return [name, ip];
  if (current.includes(ip)) return [name, current];
  return [name, `${current},${ip}`];
}
