import type { KnownFlag } from './argv.js';
import type { Loader } from './program.js';

/**
 * One flag of a command, as commander's `.option()` takes it: `flags` is commander's spelling
 * (`-u, --unset`, `--shell <shell>`, `--no-proxy`). `repeatable` flags collect every value into an
 * array (default `[]`), as `ls --filter` does.
 */
export interface FlagSpec {
  flags: string;
  description: string;
  default?: string;
  repeatable?: boolean;
}

/**
 * The commands a shell prompt or a script runs again and again (`eval $(berth env)`, `berth ls`,
 * `berth active`). Their flags are defined here, once: program.ts gives them to commander, and
 * quick-parse.ts parses them without loading commander when the command line is plain.
 */
export interface PromptCommand {
  load: Loader;
  /** Takes machine names as arguments (`env NAME`); the others take none. */
  takesNames: boolean;
  flags: readonly FlagSpec[];
}

export const PROMPT_COMMANDS: { env: PromptCommand; ls: PromptCommand; active: PromptCommand } = {
  env: {
    load: () => import('./commands/env.js'),
    takesNames: true,
    flags: [
      { flags: '--swarm', description: 'Display the Swarm config instead of the Docker daemon' },
      {
        flags: '--shell <shell>',
        description: 'Force environment to be configured for a specified shell: [fish, cmd, powershell, tcsh, emacs], default is auto-detect',
      },
      { flags: '-u, --unset', description: 'Unset variables instead of setting them' },
      { flags: '--no-proxy', description: 'Add machine IP to NO_PROXY environment variable' },
    ],
  },
  ls: {
    load: () => import('./commands/ls.js'),
    takesNames: false,
    flags: [
      { flags: '-q, --quiet', description: 'Enable quiet mode' },
      { flags: '--filter <filter>', description: 'Filter output based on conditions provided', repeatable: true },
      { flags: '-t, --timeout <seconds>', description: 'Timeout in seconds, default to 10s', default: '10' },
      { flags: '-f, --format <template>', description: 'Pretty-print machines using a Go template, or `json`' },
      { flags: '--json', description: 'Print the machines as a JSON array' },
    ],
  },
  active: {
    load: () => import('./commands/active.js'),
    takesNames: false,
    flags: [{ flags: '-t, --timeout <seconds>', description: 'Timeout in seconds, default to 10s', default: '10' }],
  },
};

export type PromptCommandName = keyof typeof PROMPT_COMMANDS;

/** A spec's names and kind: `-t, --timeout <seconds>` → short `t`, long `timeout`, takes a value. */
export interface ParsedFlag extends KnownFlag {
  /** commander's key in opts(): the camel-cased long name without `no-` (`--no-proxy` → `proxy`). */
  key: string;
  /** `--no-X`: sets the key to false, and its default is true. */
  negated: boolean;
  /** As the spec's. */
  repeatable: boolean;
  default?: string;
}

export function parseFlagSpec(spec: FlagSpec): ParsedFlag {
  const match = /^(?:-(\w), )?--([\w-]+)( <\w+>)?$/.exec(spec.flags);
  if (!match) throw new Error(`prompt-commands: cannot read the flag spelling "${spec.flags}"`);
  const [, short, long = '', value] = match;
  const negated = long.startsWith('no-');
  const key = (negated ? long.slice(3) : long).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  return {
    long,
    ...(short ? { short } : {}),
    bool: value === undefined,
    key,
    negated,
    repeatable: spec.repeatable === true,
    ...(spec.default === undefined ? {} : { default: spec.default }),
  };
}
