/** One driver process serves every machine, and the host sends requests without waiting for answers. */
import { isDeepStrictEqual } from 'node:util';
import { ConfigFromFlags, GetState } from '../../protocol.js';
import { configOf, expectSuccess, settle } from '../check-context.js';
import type { Outcome } from '../check-context.js';
import type { CheckDefinition } from '../check-definition.js';
import { quickBudget } from '../check-definition.js';
import { fail, preview } from '../conformance-failure.js';

interface Call {
  label: string;
  method: string;
  params: unknown;
}

export const concurrencyCheck: CheckDefinition = {
  name: 'calls for two machines in flight at once both answer as they do one at a time',
  budgetMs: quickBudget(10),
  async run(ctx) {
    const driver = await ctx.startInitialized();
    const flags = ctx.hostFlags(driver.createFlags);
    const machines = [await ctx.machine('a'), await ctx.machine('b')];
    const configured = [];
    for (const machine of machines) {
      const result = await expectSuccess(driver.session.request(ConfigFromFlags.method, { machine, flags }), `machine/configFromFlags for ${machine.name}`);
      configured.push({ ...machine, config: configOf(result, 'machine/configFromFlags') });
    }
    const calls: Call[] = [
      ...machines.map((machine) => ({ label: `machine/configFromFlags for ${machine.name}`, method: ConfigFromFlags.method, params: { machine, flags } })),
      ...configured.map((machine) => ({ label: `machine/getState for ${machine.name}`, method: GetState.method, params: { machine } })),
    ];
    const oneAtATime: Outcome[] = [];
    for (const call of calls) oneAtATime.push(await settle(driver.session.request(call.method, call.params)));
    // Every request is written before the first answer is awaited.
    const atOnce = await Promise.all(calls.map((call) => settle(driver.session.request(call.method, call.params))));
    const differences = calls.flatMap((call, i) => isDeepStrictEqual(oneAtATime[i], atOnce[i])
      ? []
      : [`${call.label}: one at a time ${preview(oneAtATime[i])}, concurrently ${preview(atOnce[i])}`]);
    if (differences.length > 0) {
      fail(`concurrent calls answered differently than the same calls one at a time (machines mixed up, or shared state in the process?):\n- ${differences.join('\n- ')}`);
    }
  },
};
