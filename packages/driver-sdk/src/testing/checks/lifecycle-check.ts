/**
 * A real machine, created and removed: configFromFlags → preCreateCheck → create → Running →
 * getURL/getIP/getSSHInfo → stop → start → remove → remove again. Lifecycle methods the driver does
 * not declare in its capabilities must answer NOT_SUPPORTED instead.
 */
import type { DriverCapabilities, MachineRef } from '../../protocol.js';
import {
  Create, GetIP, GetSSHInfo, GetState, GetURL, Kill, PreCreateCheck, Remove, Restart, Start, Stop,
} from '../../protocol.js';
import { isMachineState, MACHINE_STATES } from '../../states.js';
import type { MachineState } from '../../states.js';
import { waitForState } from '../../wait-for-state.js';
import type { CheckContext, InitializedDriver } from '../check-context.js';
import { configOf, expectSuccess, settle } from '../check-context.js';
import type { CheckDefinition } from '../check-definition.js';
import { fail, isPlainObject, preview } from '../conformance-failure.js';
import { expectDriverErrorCode, isWireError } from '../wire-errors.js';

/** `tcp://host:port`, the host an IPv4 address, a name, or an IPv6 address in brackets. */
const DOCKER_URL = /^tcp:\/\/(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;
/** Every lifecycle call, the waits for states included. */
const LIFECYCLE_STEPS = 14;

export const lifecycleCheck: CheckDefinition = {
  name: 'lifecycle: configFromFlags, preCreateCheck, create, Running, getURL/getIP, stop, start, remove, remove again',
  budgetMs: (options) => options.lifecycleTimeoutMs * LIFECYCLE_STEPS,
  async run(ctx) {
    const driver = await ctx.startInitialized();
    const lifecycle = new Lifecycle(ctx, driver, await ctx.configuredMachine(driver, 'lifecycle'));
    try {
      await lifecycle.run();
    } finally {
      await lifecycle.cleanUp();
    }
  },
};

class Lifecycle {
  private isCreated = false;

  constructor(private readonly ctx: CheckContext, private readonly driver: InitializedDriver, private machine: MachineRef) {}

  async run(): Promise<void> {
    const { capabilities } = this.driver;
    await this.call(PreCreateCheck.method, 'preCreateCheck');
    // From here on, something may exist at the provider: cleanUp removes it if a later step fails.
    this.isCreated = true;
    await this.updateConfig(Create.method);
    await this.expectState('Running', 'after machine/create');
    await this.checkAddresses();
    if (capabilities.stop) {
      await this.updateConfig(Stop.method);
      await this.expectState('Stopped', 'after machine/stop');
      const url = await settle(this.request(GetURL.method));
      if (url.ok) fail(`machine/getURL of a stopped machine answered ${preview(url.value)}: it must fail with HOST_NOT_RUNNING`);
      expectDriverErrorCode(url.error, 'HOST_NOT_RUNNING', 'machine/getURL of a stopped machine');
    }
    if (capabilities.start) {
      await this.updateConfig(Start.method);
      await this.expectState('Running', 'after machine/start');
    }
    await this.expectNotSupportedUnlessDeclared(capabilities);
    await this.updateConfig(Remove.method);
    this.isCreated = false;
    await this.updateConfig(Remove.method, 'machine/remove of a machine already removed (it must succeed)');
  }

  /** Best effort after a failure: nothing created by the suite is left at the provider. */
  async cleanUp(): Promise<void> {
    if (!this.isCreated) return;
    await settle(this.request(Remove.method)).catch(() => undefined);
  }

  private request(method: string): Promise<unknown> {
    return this.driver.session.request(method, { machine: this.machine }, this.ctx.options.lifecycleTimeoutMs);
  }

  private async call(method: string, step: string): Promise<unknown> {
    return expectSuccess(this.request(method), `${step} (${method})`);
  }

  /** Calls a method answering {config}, and keeps the config as the host would. */
  private async updateConfig(method: string, what = method): Promise<void> {
    const result = await expectSuccess(this.request(method), what);
    this.machine = { ...this.machine, config: configOf(result, method) };
  }

  private async getState(): Promise<MachineState> {
    const result = await expectSuccess(this.request(GetState.method), GetState.method);
    const state = isPlainObject(result) ? result['state'] : undefined;
    if (!isMachineState(state)) fail(`machine/getState answered ${preview(result)}: it must be {"state"} with one of ${MACHINE_STATES.join(', ')}`);
    return state;
  }

  private async expectState(wanted: MachineState, when: string): Promise<void> {
    try {
      await waitForState(() => this.getState(), wanted, { timeoutMs: this.ctx.options.lifecycleTimeoutMs, machine: this.machine.name });
    } catch (err) {
      if (err instanceof Error && (err as { code?: unknown }).code === 'MACHINE_STATE_TIMEOUT') fail(`${when}: ${err.message}`);
      throw err;
    }
  }

  private async checkAddresses(): Promise<void> {
    const url = await this.call(GetURL.method, 'getURL of a running machine');
    if (!isPlainObject(url) || typeof url['url'] !== 'string' || !DOCKER_URL.test(url['url'])) {
      fail(`machine/getURL answered ${preview(url)}: it must be {"url": "tcp://<ip>:<port>"} (IPv6 in brackets)`);
    }
    const ip = await this.call(GetIP.method, 'getIP of a running machine');
    if (!isPlainObject(ip) || typeof ip['ip'] !== 'string' || !/^[^\s/[\]]+$/.test(ip['ip'])) {
      fail(`machine/getIP answered ${preview(ip)}: it must be {"ip"} with an address or host name, without port or brackets`);
    }
    const ssh = await settle(this.request(GetSSHInfo.method));
    if (!ssh.ok) return; // a driver without SSH (none) answers a coded error, judged with every other error
    const info = ssh.value;
    const isShaped = isPlainObject(info) && typeof info['host'] === 'string' && Number.isInteger(info['port'])
      && typeof info['user'] === 'string' && typeof info['keyPath'] === 'string';
    if (!isShaped) fail(`machine/getSSHInfo answered ${preview(info)}: it must be {"host", "port" (integer), "user", "keyPath"}`);
  }

  /** A lifecycle method the capabilities say is missing must answer NOT_SUPPORTED, and change nothing. */
  private async expectNotSupportedUnlessDeclared(capabilities: DriverCapabilities): Promise<void> {
    const methods = [[Start.method, 'start'], [Stop.method, 'stop'], [Restart.method, 'restart'], [Kill.method, 'kill']] as const;
    for (const [method, capability] of methods) {
      if (capabilities[capability]) continue;
      const outcome = await settle(this.request(method));
      if (outcome.ok) fail(`${method} succeeded although capabilities.${capability} is false: declare it, or answer NOT_SUPPORTED`);
      if (isWireError(outcome.error)) expectDriverErrorCode(outcome.error, 'NOT_SUPPORTED', `${method} with capabilities.${capability} false`);
    }
  }
}
