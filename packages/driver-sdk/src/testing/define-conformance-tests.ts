/** The conformance checks as tests of the author's own test framework, vitest by default. */
import type { ConformanceOptions } from './conformance-options.js';
import { conformanceChecks } from './run-conformance.js';

/** The part of a test framework the suite uses: vitest's, jest's and mocha's `describe`/`it` all fit. */
export interface ConformanceTestApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): unknown;
}

/**
 * vitest is an optional peer dependency: it is imported only when no test API is passed, and the
 * specifier is a variable so that neither TypeScript nor a bundler makes the SDK depend on it.
 */
const VITEST = 'vitest';

/**
 * Registers `describe('<driver> driver conformance')` with one test per check (each with its own
 * timeout), failing with the check's message. Call it at the top level of a test file and await it:
 *
 * @example
 * // test/conformance.test.ts (vitest), defineConformanceTests and driverCommand imported
 * // out of the package's `./testing` entry point:
 * await defineConformanceTests({ ...driverCommand('dist/main.js'), driverName: 'mycloud', createFlags: { 'mycloud-token': 't' } });
 * // jest or mocha: pass their globals
 * await defineConformanceTests(options, { describe, it });
 */
export async function defineConformanceTests(options: ConformanceOptions, testApi?: ConformanceTestApi): Promise<void> {
  const api = testApi ?? ((await import(VITEST)) as ConformanceTestApi);
  const checks = conformanceChecks(options);
  api.describe(`${options.driverName} driver conformance`, () => {
    for (const check of checks) {
      api.it(check.name, async () => {
        const result = await check.run();
        if (!result.ok) throw new Error(result.error);
      }, check.timeoutMs);
    }
  });
}
