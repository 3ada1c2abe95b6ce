/** A usage error of the command line itself (wrong argument count, unknown command): exit 1, optional help. */
export class UsageError extends Error {
  readonly exitCode: number;
  readonly showHelpFor?: string;
  constructor(message: string, options: { exitCode?: number; showHelpFor?: string } = {}) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = options.exitCode ?? 1;
    if (options.showHelpFor !== undefined) this.showHelpFor = options.showHelpFor;
  }
}
