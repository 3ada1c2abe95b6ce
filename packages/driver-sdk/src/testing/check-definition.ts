import type { CheckContext } from './check-context.js';
import type { ResolvedConformanceOptions } from './conformance-options.js';

/** One conformance check: it passes when `run` returns, fails with the message of what it throws. */
export interface CheckDefinition {
  name: string;
  /** The longest it may take with these options (given to test frameworks as the test's timeout). */
  budgetMs(options: ResolvedConformanceOptions): number;
  run(ctx: CheckContext): Promise<void>;
}

/** A check of a few quick calls: start-up plus a handful of calls, each within `timeoutMs`. */
export const quickBudget = (calls: number) => (options: ResolvedConformanceOptions): number => options.timeoutMs * (calls + 1) + 5_000;
