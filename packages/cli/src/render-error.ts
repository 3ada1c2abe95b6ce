import { isBerthError, withHint } from '@berth/core/base';
import { CommanderError, type Command } from 'commander';
import { subcommandIndex } from './argv.js';
import { UsageError } from './cli-error.js';
import { ExitStatus } from './exit-status.js';
import type { CliContext } from './context.js';
import { TemplateError } from './render/template-error.js';

/** Exit code for a failed pre-create check (docker-machine's 3); every other failure is 1. */
const EXIT_PRECREATE = 3;

export interface RenderedError {
  /** For stderr. */
  text: string;
  exitCode: number;
  /** For stdout, before the error: the command's help, when the error asks for it. */
  help?: string;
}

/**
 * Every error the CLI shows goes through here: one line (message, then the hint), exit 1 (3 for a
 * failed pre-create check); a stack trace only with --debug.
 */
export function renderError(
  err: unknown,
  options: { debug: boolean; programName: string; argv: readonly string[]; program?: Command },
): RenderedError {
  const { programName, argv, debug } = options;
  const stack = debug && err instanceof Error && err.stack ? `${err.stack}\n${causeStack(err)}` : '';
  // A remote command's or a spawned program's non-zero status: it already printed its own errors.
  if (err instanceof ExitStatus) return { text: debug ? `${err.message}\n` : '', exitCode: err.exitCode };
  if (err instanceof UsageError) return usageError(err, options.program, helpCommand(programName, argv), stack);
  if (isBerthError(err)) {
    return { text: `${withHint(err.message, err.hint)}\n${stack}`, exitCode: err.code === 'PRECREATE_CHECK_FAILED' ? EXIT_PRECREATE : 1 };
  }
  if (err instanceof TemplateError) return { text: `${err.message}\n${stack}`, exitCode: 1 };
  if (err instanceof CommanderError) return { text: `${commanderMessage(err, programName, argv)}\n`, exitCode: 1 };
  const message = err instanceof Error ? err.message : String(err);
  const more = debug ? stack : ` (run \`${programName} --debug ...\` for details)\n`;
  return { text: `Error: ${message}${debug ? '\n' : ''}${more}`, exitCode: 1 };
}

/** Prints the error on stderr (and before it, on stdout, the help it asks for); returns the exit code. */
export function showError(ctx: CliContext, err: unknown, debug: boolean, argv: readonly string[], program?: Command): number {
  const rendered = renderError(err, { debug, programName: ctx.programName, argv, ...(program ? { program } : {}) });
  if (rendered.help) ctx.stdout(rendered.help);
  ctx.stderr(rendered.text);
  return rendered.exitCode;
}

/** docker-machine prints the command's help first for some usage errors; the rest get a `See '... --help'.` hint. */
function usageError(err: UsageError, program: Command | undefined, helpCmd: string, stack: string): RenderedError {
  const help = err.showHelpFor ? program?.commands.find((c) => c.name() === err.showHelpFor)?.helpInformation() : undefined;
  const seeHelp = err.seeHelp && !help ? `See '${helpCmd}'.` : undefined;
  const hint = [err.hint, seeHelp].filter((h) => h !== undefined).join(' ');
  return { text: `${withHint(err.message, hint || undefined)}\n${stack}`, exitCode: err.exitCode, ...(help ? { help } : {}) };
}

/** `berth SUB --help` for the sub-command argv names, else `berth --help`. */
function helpCommand(programName: string, argv: readonly string[]): string {
  const at = subcommandIndex(argv);
  const sub = at >= 0 ? argv[at] : undefined;
  return sub ? `${programName} ${sub} --help` : `${programName} --help`;
}

function commanderMessage(err: CommanderError, programName: string, argv: readonly string[]): string {
  const at = subcommandIndex(argv);
  const sub = at >= 0 ? argv[at] : undefined;
  const helpCmd = helpCommand(programName, argv);
  const quoted = /'([^']*)'/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'commander.unknownCommand':
      return `${programName}: '${quoted || sub}' is not a ${programName} command. See '${programName} --help'.`;
    case 'commander.unknownOption':
      return `Incorrect Usage: flag provided but not defined: ${quoted}. See '${helpCmd}'.`;
    case 'commander.excessArguments':
      return `Error: Too many arguments given. See '${helpCmd}'.`;
    default:
      return `Incorrect Usage: ${err.message.replace(/^error: /, '')}. See '${helpCmd}'.`;
  }
}

/** The stacks of the error's causes, for --debug. */
function causeStack(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error && cause.stack ? `Caused by: ${cause.stack}\n${causeStack(cause)}` : '';
}
