/**
 * A command that ran something else (a remote command, the system `scp`) and passes its exit status
 * through: the CLI prints nothing more and exits with `exitCode` (the program's own output said it all).
 */
export class ExitStatus extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, what: string) {
    super(`${what} exited with status ${exitCode}`);
    this.name = 'ExitStatus';
    this.exitCode = exitCode;
  }
}

/** Returns normally for status 0; otherwise throws ExitStatus so main.ts exits with that status. */
export function passExitStatus(exitCode: number, what: string): void {
  if (exitCode !== 0) throw new ExitStatus(exitCode, what);
}
