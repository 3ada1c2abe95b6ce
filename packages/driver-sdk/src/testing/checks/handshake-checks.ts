/** `initialize` and method dispatch: the handshake, a version mismatch, an unknown method. */
import { Initialize } from '../../protocol.js';
import { expectSuccess, initializeParams, settle } from '../check-context.js';
import type { CheckDefinition } from '../check-definition.js';
import { quickBudget } from '../check-definition.js';
import { fail, preview } from '../conformance-failure.js';
import { describeInitializeProblems } from '../initialize-shape.js';
import { expectDriverErrorCode, expectProtocolErrorCode, METHOD_NOT_FOUND } from '../wire-errors.js';

/** A protocol version no driver speaks. */
const UNSUPPORTED_VERSION = 99;
const UNKNOWN_METHOD = 'machine/conformanceUnknownMethod';

export const handshakeCheck: CheckDefinition = {
  name: 'initialize answers protocolVersion 1, the driver name and version, capabilities and valid createFlags',
  budgetMs: quickBudget(1),
  async run(ctx) {
    const session = ctx.start();
    const result = await expectSuccess(session.request(Initialize.method, initializeParams([1])), 'initialize with protocolVersions [1]');
    const problems = describeInitializeProblems(result, ctx.options.driverName);
    if (problems.length > 0) fail(`initialize with protocolVersions [1] answered wrongly:\n- ${problems.join('\n- ')}`);
  },
};

export const protocolMismatchCheck: CheckDefinition = {
  name: `initialize with only an unsupported version ([${UNSUPPORTED_VERSION}]) fails with PROTOCOL_MISMATCH`,
  budgetMs: quickBudget(1),
  async run(ctx) {
    const session = ctx.start();
    const what = `initialize with protocolVersions [${UNSUPPORTED_VERSION}]`;
    const outcome = await settle(session.request(Initialize.method, initializeParams([UNSUPPORTED_VERSION])));
    if (outcome.ok) {
      fail(`${what} succeeded with ${preview(outcome.value)}: a driver that speaks none of the offered versions must fail with code 1000 and data.code "PROTOCOL_MISMATCH"`);
    }
    const error = expectDriverErrorCode(outcome.error, 'PROTOCOL_MISMATCH', what);
    if (!error.message.includes(String(UNSUPPORTED_VERSION))) {
      fail(`the PROTOCOL_MISMATCH message must name the versions the host offered ([${UNSUPPORTED_VERSION}]) and the driver's; it is "${error.message}"`);
    }
  },
};

export const unknownMethodCheck: CheckDefinition = {
  name: 'an unknown method fails with JSON-RPC MethodNotFound (-32601)',
  budgetMs: quickBudget(2),
  async run(ctx) {
    const { session } = await ctx.startInitialized();
    const outcome = await settle(session.request(UNKNOWN_METHOD, {}));
    if (outcome.ok) fail(`${UNKNOWN_METHOD} succeeded with ${preview(outcome.value)}: an unknown method must fail with ${METHOD_NOT_FOUND}`);
    expectProtocolErrorCode(outcome.error, METHOD_NOT_FOUND, UNKNOWN_METHOD);
  },
};
