/** The `machine/*` calls that need no real machine: configFromFlags, getState, remove, and their errors. */
import { describeFlagProblems } from '../../flag-definition.js';
import type { Flag, FlagValue } from '../../flags.js';
import { ConfigFromFlags, GetIP, GetSSHInfo, GetState, GetURL, Remove } from '../../protocol.js';
import { isMachineState, MACHINE_STATES } from '../../states.js';
import { configOf, expectSuccess, settle } from '../check-context.js';
import type { CheckDefinition } from '../check-definition.js';
import { quickBudget } from '../check-definition.js';
import { fail, isPlainObject, preview } from '../conformance-failure.js';
import { describeUncodedError } from '../wire-errors.js';

export const configFromFlagsCheck: CheckDefinition = {
  name: 'machine/configFromFlags answers {config} with a JSON object',
  budgetMs: quickBudget(2),
  async run(ctx) {
    const driver = await ctx.startInitialized();
    const machine = await ctx.machine('flags');
    const flags = ctx.hostFlags(driver.createFlags);
    const result = await expectSuccess(
      driver.session.request(ConfigFromFlags.method, { machine, flags }),
      `machine/configFromFlags with flags ${preview(flags)} (give createFlags that it accepts)`,
    );
    configOf(result, 'machine/configFromFlags');
  },
};

export const getStateCheck: CheckDefinition = {
  name: 'machine/getState answers one of the machine states',
  budgetMs: quickBudget(3),
  async run(ctx) {
    const driver = await ctx.startInitialized();
    const machine = await ctx.configuredMachine(driver, 'state');
    const result = await expectSuccess(
      driver.session.request(GetState.method, { machine }),
      'machine/getState for a machine that was configured but never created (answer a state, e.g. NotFound)',
    );
    const state = isPlainObject(result) ? result['state'] : undefined;
    if (!isMachineState(state)) fail(`machine/getState answered ${preview(result)}: it must be {"state"} with one of ${MACHINE_STATES.join(', ')}`);
  },
};

export const removeMissingCheck: CheckDefinition = {
  name: 'machine/remove of a machine that does not exist succeeds',
  budgetMs: quickBudget(3),
  async run(ctx) {
    const driver = await ctx.startInitialized();
    const machine = await ctx.configuredMachine(driver, 'missing');
    const result = await expectSuccess(
      driver.session.request(Remove.method, { machine }),
      'machine/remove of a machine that was configured but never created (removing a missing VM or instance must succeed)',
    );
    configOf(result, 'machine/remove');
  },
};

export const codedErrorsCheck: CheckDefinition = {
  name: 'errors are coded: code 1000 with a SCREAMING_SNAKE data.code, or a JSON-RPC protocol code',
  budgetMs: quickBudget(7),
  async run(ctx) {
    const driver = await ctx.startInitialized();
    const empty = await ctx.machine('errors');
    const problems: string[] = [];
    const noMachine = await settle(driver.session.request(GetState.method, {}));
    if (noMachine.ok) problems.push(`machine/getState without params.machine succeeded with ${preview(noMachine.value)}: it must fail with -32602 (invalid params)`);
    const judge = (what: string, outcome: Awaited<ReturnType<typeof settle>>): void => {
      const problem = outcome.ok ? undefined : describeUncodedError(outcome.error);
      if (problem !== undefined) problems.push(`${what}: ${problem}`);
    };
    judge('machine/getState without params.machine', noMachine);
    const probes: Array<[string, string, unknown]> = [
      ['machine/configFromFlags with no flags', ConfigFromFlags.method, { machine: empty, flags: {} }],
      ['machine/configFromFlags with flags of the wrong types', ConfigFromFlags.method, { machine: empty, flags: wrongTypedFlags(driver.createFlags) }],
      ['machine/getURL with an empty config', GetURL.method, { machine: empty }],
      ['machine/getIP with an empty config', GetIP.method, { machine: empty }],
      ['machine/getSSHInfo with an empty config', GetSSHInfo.method, { machine: empty }],
    ];
    for (const [what, method, params] of probes) judge(what, await settle(driver.session.request(method, params)));
    if (problems.length > 0) fail(`these answers break the error rules:\n- ${problems.join('\n- ')}`);
  },
};

/** Each declared flag with a value of another type (what a buggy host or a hand-edited config could send). */
function wrongTypedFlags(declared: readonly unknown[]): Record<string, FlagValue> {
  const wrong: Record<string, FlagValue> = {};
  for (const flag of declared) {
    if (describeFlagProblems(flag).length > 0) continue;
    const { name, type } = flag as Flag;
    wrong[name] = { string: 12_345, int: 'not-a-number', bool: 'not-a-bool', stringSlice: 42 }[type];
  }
  return wrong;
}

