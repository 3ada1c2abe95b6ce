/** Running the conformance checks against a driver executable: each in its own processes, all killed after it. */
import { performance } from 'node:perf_hooks';
import { CheckContext } from './check-context.js';
import type { CheckDefinition } from './check-definition.js';
import { codedErrorsCheck, configFromFlagsCheck, getStateCheck, removeMissingCheck } from './checks/machine-checks.js';
import { concurrencyCheck } from './checks/concurrency-check.js';
import { handshakeCheck, protocolMismatchCheck, unknownMethodCheck } from './checks/handshake-checks.js';
import { lifecycleCheck } from './checks/lifecycle-check.js';
import { cleanStdioCheck, cookieCheck, exitAfterShutdownCheck, exitOnStdinCloseCheck } from './checks/process-checks.js';
import { ConformanceFailure } from './conformance-failure.js';
import { resolveConformanceOptions } from './conformance-options.js';
import type { ConformanceOptions, ResolvedConformanceOptions } from './conformance-options.js';

export interface ConformanceCheckResult {
  name: string;
  ok: boolean;
  /** What is wrong, when not ok. */
  error?: string;
  durationMs: number;
}

export interface ConformanceReport {
  driverName: string;
  /** True when every check passed. */
  ok: boolean;
  checks: ConformanceCheckResult[];
}

/** One check, ready to run on its own (a test framework registers one test per check). */
export interface ConformanceCheck {
  name: string;
  /** The longest it can take with these options: use it as the test's timeout. */
  timeoutMs: number;
  /** Never rejects: a failure is a result with `ok: false`. */
  run(): Promise<ConformanceCheckResult>;
}

const CHECKS: readonly CheckDefinition[] = [
  cookieCheck,
  handshakeCheck,
  protocolMismatchCheck,
  unknownMethodCheck,
  configFromFlagsCheck,
  getStateCheck,
  removeMissingCheck,
  codedErrorsCheck,
  concurrencyCheck,
  cleanStdioCheck,
  exitOnStdinCloseCheck,
  exitAfterShutdownCheck,
];

/** The checks that apply to these options, in the order `runConformance` runs them. */
export function conformanceChecks(options: ConformanceOptions): ConformanceCheck[] {
  const resolved = resolveConformanceOptions(options);
  const definitions = resolved.lifecycle ? [...CHECKS, lifecycleCheck] : CHECKS;
  return definitions.map((definition) => ({
    name: definition.name,
    timeoutMs: definition.budgetMs(resolved),
    run: () => runCheck(definition, resolved),
  }));
}

/**
 * Runs every check against the driver executable, one after the other, and reports each. Never
 * throws for a driver fault; every process it started is gone when it resolves.
 *
 * @example
 * const report = await runConformance({ ...driverCommand('dist/main.js'), driverName: 'mycloud', createFlags: { 'mycloud-token': 'x' } });
 * if (!report.ok) console.error(formatConformanceReport(report));
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const checks: ConformanceCheckResult[] = [];
  for (const check of conformanceChecks(options)) checks.push(await check.run());
  return { driverName: options.driverName, ok: checks.every((check) => check.ok), checks };
}

async function runCheck(definition: CheckDefinition, options: ResolvedConformanceOptions): Promise<ConformanceCheckResult> {
  const started = performance.now();
  const ctx = new CheckContext(options);
  let error: string | undefined;
  try {
    await withBudget(definition.run(ctx), definition.budgetMs(options));
  } catch (err) {
    error = describeFailure(err);
  }
  try {
    const uncoded = await ctx.dispose();
    if (error === undefined && uncoded.length > 0) error = `the driver answered errors that are not coded:\n- ${uncoded.join('\n- ')}`;
  } catch (err) {
    error ??= `cleaning up after the check failed: ${describeFailure(err)}`;
  }
  const durationMs = Math.round(performance.now() - started);
  return error === undefined ? { name: definition.name, ok: true, durationMs } : { name: definition.name, ok: false, error, durationMs };
}

/** Every call in a check has its own limit; this one is the safety net for the check as a whole. */
async function withBudget(run: Promise<void>, budgetMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConformanceFailure(`the check did not finish within ${budgetMs} ms`)), budgetMs);
  });
  try {
    await Promise.race([run, overrun]);
  } finally {
    clearTimeout(timer);
  }
}

function describeFailure(err: unknown): string {
  if (err instanceof ConformanceFailure) return err.message;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
