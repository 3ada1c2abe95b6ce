/** The process itself: the cookie, clean stdout and stderr, and exiting when the host is done. */
import { ConfigFromFlags, DRIVER_COOKIE_ENV, GetState, Initialize, Shutdown } from '../../protocol.js';
import { expectSuccess, initializeParams, settle } from '../check-context.js';
import type { CheckDefinition } from '../check-definition.js';
import { quickBudget } from '../check-definition.js';
import { ConformanceFailure, fail, isPlainObject, preview } from '../conformance-failure.js';
import { describeExit } from '../driver-session.js';
import type { DriverSession } from '../driver-session.js';
import { describeLogLineProblems, parseFrames } from '../frames.js';

/**
 * How long a driver may take to exit once stdin closed or `shutdown` was answered: the host sends
 * SIGTERM after 2 s (docs/PROTOCOL.md section 8), plus a second of slack for a loaded CI machine.
 */
export const EXIT_DEADLINE_MS = 3_000;

export const cookieCheck: CheckDefinition = {
  name: 'refuses to run without the cookie: exits non-zero, says why on stderr, nothing on stdout',
  budgetMs: quickBudget(1),
  async run(ctx) {
    const session = ctx.start({ withCookie: false });
    const exit = await session.waitForExit(ctx.options.timeoutMs);
    if (exit === undefined) {
      fail(`still running ${ctx.options.timeoutMs} ms after being started without ${DRIVER_COOKIE_ENV}: it must print that it is run through berth and exit 1`);
    }
    if (exit.error !== undefined) fail(`the driver ${describeExit(exit)}`);
    if (exit.code === 0 || exit.code === null) fail(`exited with ${describeExit(exit)} without ${DRIVER_COOKIE_ENV}: it must exit with a non-zero status (1)`);
    const stdout = session.stdout();
    if (stdout.length > 0) fail(`wrote ${stdout.length} bytes to stdout without ${DRIVER_COOKIE_ENV} (stdout is for the protocol only): ${preview(stdout.toString('utf8'), 200)}`);
    if (session.stderr().trim() === '') fail(`printed nothing on stderr without ${DRIVER_COOKIE_ENV}: it must say that it is meant to be run through berth`);
  },
};

export const cleanStdioCheck: CheckDefinition = {
  name: 'stdout carries only Content-Length framed JSON-RPC, stderr only JSON log lines {level, msg}',
  budgetMs: (options) => quickBudget(6)(options) + EXIT_DEADLINE_MS,
  async run(ctx) {
    const session = ctx.start();
    let callFailure: unknown;
    try {
      // At debug level a driver logs the most; every kind of answer is asked for once.
      const init = await expectSuccess(session.request(Initialize.method, initializeParams([1], 'debug')), 'initialize with protocolVersions [1]');
      const declared = isPlainObject(init) && Array.isArray(init['createFlags']) ? init['createFlags'] : [];
      const machine = await ctx.machine('stdio');
      const flags = await settle(session.request(ConfigFromFlags.method, { machine, flags: ctx.hostFlags(declared) }));
      const config = flags.ok && isPlainObject(flags.value) && isPlainObject(flags.value['config']) ? flags.value['config'] : {};
      await settle(session.request(GetState.method, { machine: { ...machine, config } }));
      await settle(session.request('machine/conformanceUnknownMethod', {}));
      await settle(session.request(Shutdown.method, {}));
    } catch (err) {
      callFailure = err;
    }
    session.closeStdin();
    await session.waitForExit(EXIT_DEADLINE_MS);
    try {
      parseFrames(session.stdout());
    } catch (err) {
      fail(`stdout carries something other than protocol messages (one stray byte breaks the framing; log to stderr): ${(err as Error).message}`);
    }
    const logProblems = describeLogLineProblems(session.stderr());
    if (logProblems.length > 0) {
      const shown = logProblems.slice(0, 5);
      const more = logProblems.length > shown.length ? `\n(and ${logProblems.length - shown.length} more)` : '';
      fail(`stderr has lines that are not JSON log lines:\n- ${shown.join('\n- ')}${more}`);
    }
    if (callFailure !== undefined) throw callFailure;
  },
};

export const exitOnStdinCloseCheck: CheckDefinition = {
  name: `exits with status 0 within ${EXIT_DEADLINE_MS / 1000} s when its stdin closes`,
  budgetMs: (options) => quickBudget(1)(options) + EXIT_DEADLINE_MS,
  async run(ctx) {
    const { session } = await ctx.startInitialized();
    session.closeStdin();
    await expectCleanExit(session, 'its stdin closed (the host is done or gone: a driver that stays outlives it)');
  },
};

export const exitAfterShutdownCheck: CheckDefinition = {
  name: `answers shutdown with {} and exits with status 0 within ${EXIT_DEADLINE_MS / 1000} s`,
  budgetMs: (options) => quickBudget(2)(options) + EXIT_DEADLINE_MS,
  async run(ctx) {
    const { session } = await ctx.startInitialized();
    const result = await expectSuccess(session.request(Shutdown.method, {}), 'shutdown');
    if (!isPlainObject(result)) fail(`shutdown answered ${preview(result)}: it must answer {}`);
    await expectCleanExit(session, 'answering shutdown, its stdin still open (the host sends SIGTERM 2 s after the answer)');
  },
};

async function expectCleanExit(session: DriverSession, after: string): Promise<void> {
  const exit = await session.waitForExit(EXIT_DEADLINE_MS);
  if (exit === undefined) throw new ConformanceFailure(`still running ${EXIT_DEADLINE_MS} ms after ${after}`);
  if (exit.code !== 0) fail(`exited with ${describeExit(exit)} after ${after}: it must exit with status 0${session.stderrTail()}`);
}
