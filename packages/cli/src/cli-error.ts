/** A usage error of the command line itself (wrong argument count, unknown command): exit 1, optional help. */
export class UsageError extends Error {
  readonly exitCode: number;
  /** The command whose help is printed (stdout) before the error, as docker-machine does for `rm`, `create`, `inspect`. */
  readonly showHelpFor?: string;
  /** What to do about it; rendered after the message on the same line. */
  readonly hint?: string;
  /** Ends the line with `See 'berth COMMAND --help'.`, after the hint if there is one. */
  readonly seeHelp?: boolean;
  constructor(message: string, options: { exitCode?: number; showHelpFor?: string; hint?: string; seeHelp?: boolean } = {}) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = options.exitCode ?? 1;
    if (options.showHelpFor !== undefined) this.showHelpFor = options.showHelpFor;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.seeHelp) this.seeHelp = true;
  }
}
