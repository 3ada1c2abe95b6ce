import type { Env, Logger } from '@berth/core/base';

/** Everything a command needs from the outside world; built once in main.ts. */
export interface CliContext {
  /** The program name users typed (for messages and the env hint), normally `berth`. */
  programName: string;
  /** The original argv after node and the script (for `env`'s "Run this command" hint). */
  argv: string[];
  env: Env;
  platform: NodeJS.Platform;
  storePath: string;
  debug: boolean;
  /** Global TLS overrides (create only records them). */
  tls: { caCert?: string; caKey?: string; clientCert?: string; clientKey?: string };
  nativeSSH: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  /** info/warn → stdout, error/debug → stderr (docker-machine's streams); `quiet` moves everything to stderr. */
  logger: Logger;
  /** Reads one line from stdin for confirmation prompts; null on EOF/no stdin. */
  readLine(prompt: string): Promise<string | null>;
  /** Things to dispose when the command ends (driver hosts), success or failure. */
  onDispose(fn: () => Promise<void>): void;
  /** Synchronous clean-up for Ctrl-C (kill driver processes). */
  onInterrupt(fn: () => void): void;
  /**
   * For a command that must undo its work when interrupted (`driver install`): the signal aborts on
   * Ctrl-C, and berth then lets the command finish its clean-up before it exits 130, instead of
   * exiting at once. A second Ctrl-C exits at once.
   */
  finishOnInterrupt(): AbortSignal;
}

export function createLogger(write: { out(text: string): void; err(text: string): void }, debug: boolean): Logger {
  return {
    info: (m) => write.out(`${m}\n`),
    warn: (m) => write.out(`${m}\n`),
    error: (m) => write.err(`${m}\n`),
    debug: (m) => {
      if (debug) write.err(`${m}\n`);
    },
  };
}
