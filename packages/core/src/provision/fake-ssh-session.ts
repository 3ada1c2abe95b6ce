/**
 * A scripted SSHSession for unit tests of command generation: each command is answered by the first
 * matching rule (exit 0 with no output when none matches) and every call is recorded, so a test can
 * assert the exact sequence a step runs. Real hosts are exercised by the end-to-end tests.
 */
import type { CommandResult, SSHSession } from '../ssh/ssh-types.js';

export interface FakeCall {
  command: string;
  input?: string;
  pty?: boolean;
  timeoutMs?: number;
}

export type FakeReply = Partial<CommandResult> | ((call: FakeCall) => Partial<CommandResult>);
export type FakeRule = readonly [match: string | RegExp, reply: FakeReply];

export interface FakeSSHSession extends SSHSession {
  readonly calls: FakeCall[];
  /** The commands run so far, in order. */
  commands(): string[];
}

export function createFakeSession(rules: readonly FakeRule[] = []): FakeSSHSession {
  const calls: FakeCall[] = [];
  return {
    calls,
    commands: () => calls.map((call) => call.command),
    async run(command, options = {}) {
      const call: FakeCall = { command };
      if (options.input !== undefined) call.input = options.input.toString();
      if (options.pty !== undefined) call.pty = options.pty;
      if (options.timeoutMs !== undefined) call.timeoutMs = options.timeoutMs;
      calls.push(call);
      const rule = rules.find(([match]) => (typeof match === 'string' ? match === command : match.test(command)));
      const reply = rule ? (typeof rule[1] === 'function' ? rule[1](call) : rule[1]) : {};
      return { stdout: '', stderr: '', exitCode: 0, ...reply };
    },
    async writeFile() {
      throw new Error('the fake session does not support writeFile; provisioning writes with sudo tee');
    },
    async close() {},
  };
}
