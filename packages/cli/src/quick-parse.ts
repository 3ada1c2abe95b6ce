import { goFlagSyntax, subcommandIndex } from './argv.js';
import type { Loader } from './program.js';
import { PROMPT_COMMANDS, parseFlagSpec, type PromptCommandName } from './prompt-commands.js';

/** A command line read without commander: what the command's handler gets from it. */
export interface QuickCommandLine {
  name: PromptCommandName;
  load: Loader;
  args: string[];
  opts: Record<string, unknown>;
}

/** The global flags allowed before a quick command: all but --help and --version, which commander answers. */
const QUICK_GLOBALS = new Set(['-D', '--debug', '--native-ssh']);
const QUICK_GLOBAL_VALUES = new Set(['-s', '--storage-path', '--tls-ca-cert', '--tls-ca-key', '--tls-client-cert', '--tls-client-key', '--github-api-token', '--bugsnag-api-token']);

/**
 * `env`, `ls` and `active` with a plain command line, parsed without loading commander (about a
 * tenth of `berth env`'s run). `argv` has had its global flags normalized (normalizeGlobalFlags).
 * The result is exactly what commander would give the handler (quick-parse.test.ts checks the two
 * against each other); anything this does not read the same way (help, an unknown or misspelled
 * flag, a missing value, a value that looks like a flag, `--`, a stray argument) is undefined, and
 * the full program takes the command line and reports what is wrong with it.
 */
export function quickCommandLine(argv: readonly string[]): QuickCommandLine | undefined {
  const at = subcommandIndex(argv);
  const name = argv[at];
  if (name === undefined || !Object.hasOwn(PROMPT_COMMANDS, name)) return undefined;
  if (!plainGlobals(argv.slice(0, at))) return undefined;
  const command = PROMPT_COMMANDS[name as PromptCommandName];
  const flags = command.flags.map(parseFlagSpec);
  let normalized: string[];
  try {
    normalized = goFlagSyntax(argv, at + 1, flags, { stopAtArgument: false, help: '' }).argv.slice(at + 1);
  } catch {
    return undefined;
  }
  const opts: Record<string, unknown> = {};
  for (const flag of flags) {
    if (flag.negated) opts[flag.key] = true;
    else if (flag.repeatable) opts[flag.key] = [];
    else if (flag.default !== undefined) opts[flag.key] = flag.default;
  }
  const args: string[] = [];
  for (let i = 0; i < normalized.length; i++) {
    const token = normalized[i] as string;
    if (!token.startsWith('-')) {
      args.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const spelled = eq < 0 ? token : token.slice(0, eq);
    const flag = flags.find((f) => spelled === `--${f.long}` || (f.short !== undefined && spelled === `-${f.short}`));
    if (!flag) return undefined;
    if (flag.bool) {
      if (eq >= 0) return undefined;
      opts[flag.key] = !flag.negated;
      continue;
    }
    const value = eq >= 0 ? token.slice(eq + 1) : normalized[++i];
    if (value === undefined || (eq < 0 && value.startsWith('-'))) return undefined;
    opts[flag.key] = flag.repeatable ? [...(opts[flag.key] as string[]), value] : value;
  }
  if (args.length && !command.takesNames) return undefined;
  return { name: name as PromptCommandName, load: command.load, args, opts };
}

function plainGlobals(globals: readonly string[]): boolean {
  for (let i = 0; i < globals.length; i++) {
    const flag = globals[i] as string;
    const eq = flag.indexOf('=');
    if (eq > 0 && QUICK_GLOBAL_VALUES.has(flag.slice(0, eq))) continue;
    if (QUICK_GLOBALS.has(flag)) continue;
    if (!QUICK_GLOBAL_VALUES.has(flag) || i + 1 >= globals.length) return false;
    i++;
  }
  return true;
}
