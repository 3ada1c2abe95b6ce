import { readCompatEnv, resolveStorePath } from '@berth/core/base';
import { subcommandIndex } from './argv.js';
import { createLogger, type CliContext } from './context.js';

/** Commands whose stdout is meant to be eval'ed: all their log lines go to stderr. */
const EVAL_COMMANDS = new Set(['env', 'config']);

export function createContext(argv: string[], debug: boolean) {
  const disposers: Array<() => Promise<void>> = [];
  const interrupters: Array<() => void> = [];
  let interrupted = false;
  let finishing = false;
  const out = (text: string) => void process.stdout.write(text);
  const err = (text: string) => void process.stderr.write(text);
  const sub = argv[subcommandIndex(argv)];
  const quiet = sub !== undefined && EVAL_COMMANDS.has(sub);
  const globals = parseGlobals(argv);
  const env = process.env;
  const ctx: CliContext = {
    programName: 'berth',
    argv,
    env,
    platform: process.platform,
    storePath: resolveStorePath(globals['storage-path'], env),
    debug,
    tls: {
      ...opt('caCert', globals['tls-ca-cert'] ?? readCompatEnv('TLS_CA_CERT', env)),
      ...opt('caKey', globals['tls-ca-key'] ?? readCompatEnv('TLS_CA_KEY', env)),
      ...opt('clientCert', globals['tls-client-cert'] ?? readCompatEnv('TLS_CLIENT_CERT', env)),
      ...opt('clientKey', globals['tls-client-key'] ?? readCompatEnv('TLS_CLIENT_KEY', env)),
    },
    nativeSSH: globals['native-ssh'] !== undefined || /^(1|t|true)$/i.test(readCompatEnv('NATIVE_SSH', env) ?? ''),
    stdout: out,
    stderr: err,
    logger: createLogger(quiet ? { out: err, err } : { out, err }, debug),
    readLine: (prompt) => readLine(prompt, out),
    onDispose: (fn) => void disposers.push(fn),
    onInterrupt: (fn) => void interrupters.push(fn),
    finishOnInterrupt: () => {
      finishing = true;
      const controller = new AbortController();
      interrupters.push(() => controller.abort(new Error('interrupted (Ctrl-C)')));
      return controller.signal;
    },
  };
  return {
    ctx,
    dispose: async () => {
      await Promise.allSettled(disposers.map((fn) => fn()));
    },
    /** Runs the Ctrl-C handlers; true when berth should exit at once (nothing to finish, or a second Ctrl-C). */
    interrupt: (): boolean => {
      const again = interrupted;
      interrupted = true;
      if (!again) interrupters.forEach((fn) => fn());
      return again || !finishing;
    },
    wasInterrupted: () => interrupted,
  };
}

function opt<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

/** The global flags before the sub-command (commander parses them too; we need them before it runs). */
function parseGlobals(argv: readonly string[]): Record<string, string | undefined> {
  const end = subcommandIndex(argv);
  const globals: Record<string, string | undefined> = {};
  const upto = end < 0 ? argv.length : end;
  for (let i = 0; i < upto; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const name = (eq > 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    const key = name === 's' ? 'storage-path' : name;
    if (eq > 0) globals[key] = arg.slice(eq + 1);
    else if (['storage-path', 'tls-ca-cert', 'tls-ca-key', 'tls-client-cert', 'tls-client-key', 'github-api-token', 'bugsnag-api-token'].includes(key)) globals[key] = argv[++i];
    else globals[key] = '';
  }
  return globals;
}

async function readLine(prompt: string, write: (text: string) => void): Promise<string | null> {
  write(prompt);
  if (!process.stdin.readable) return null;
  // Only `rm` without -y asks: readline is not loaded for the others.
  const { createInterface } = await import('node:readline');
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin });
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!answered) resolve(null);
    });
  });
}
