import { describe, expect, it } from 'vitest';
import { defineDriver } from './define-driver.js';
import type { DriverDefinition } from './define-driver.js';
import type { DriverContext } from './driver.js';
import { resolveCapabilities } from './initialize.js';
import type { DriverConfig, MachineRef } from './protocol.js';
import type { MachineState } from './states.js';

const ctx = {} as DriverContext;
const ref = (config: DriverConfig = {}): MachineRef => ({ name: 'dev', dir: '/store/machines/dev', storePath: '/store', config });

/** A driver whose getState/getIP come from the config, recording the calls made. */
function recording(extra: Partial<DriverDefinition> = {}) {
  const calls: string[] = [];
  const definition: DriverDefinition = {
    name: 'rec',
    version: '1.0.0',
    createFlags: [],
    configFromFlags: async () => ({}),
    create: async () => {},
    remove: async () => {},
    getState: async (machine) => (machine.config['state'] as MachineState | undefined) ?? 'Running',
    getIP: async (machine) => (machine.config['ip'] as string | undefined) ?? '10.0.0.5',
    ...extra,
  };
  return { calls, definition };
}

describe('defineDriver', () => {
  it('getURL is tcp://IP:2376 when Running (IPv6 in brackets), HOST_NOT_RUNNING otherwise', async () => {
    const driver = defineDriver(recording().definition);
    await expect(driver.getURL(ref(), ctx)).resolves.toBe('tcp://10.0.0.5:2376');
    await expect(driver.getURL(ref({ ip: 'fd00::5' }), ctx)).resolves.toBe('tcp://[fd00::5]:2376');
    await expect(driver.getURL(ref({ state: 'Stopped' }), ctx))
      .rejects.toMatchObject({ code: 'HOST_NOT_RUNNING', message: 'Host is not running (machine "dev" is Stopped)' });
    await expect(driver.getURL(ref({ ip: '' }), ctx)).rejects.toMatchObject({ code: 'HOST_NOT_RUNNING' });
  });

  it('getSSHInfo comes from getIP and the docker-machine config fields, with BaseDriver defaults', async () => {
    const driver = defineDriver(recording().definition);
    await expect(driver.getSSHInfo?.(ref(), ctx)).resolves.toEqual({ host: '10.0.0.5', port: 22, user: 'root', keyPath: '/store/machines/dev/id_rsa' });
    await expect(driver.getSSHInfo?.(ref({ SSHPort: 2222, SSHUser: 'docker', SSHKeyPath: '/k' }), ctx))
      .resolves.toEqual({ host: '10.0.0.5', port: 2222, user: 'docker', keyPath: '/k' });
  });

  it('restart is stop then start, passing the config stop returned; kill is stop', async () => {
    const { calls, definition } = recording();
    const driver = defineDriver({
      ...definition,
      async stop(machine) {
        calls.push(`stop ${JSON.stringify(machine.config)}`);
        return { ...machine.config, stopped: true };
      },
      async start(machine) {
        calls.push(`start ${JSON.stringify(machine.config)}`);
      },
    });
    await expect(driver.restart?.(ref({ a: 1 }), ctx)).resolves.toEqual({ a: 1, stopped: true });
    await expect(driver.kill?.(ref({ b: 2 }), ctx)).resolves.toEqual({ b: 2, stopped: true });
    expect(calls).toEqual(['stop {"a":1}', 'start {"a":1,"stopped":true}', 'stop {"b":2}']);
    expect(resolveCapabilities(driver)).toEqual({ provision: true, start: true, stop: true, restart: true, kill: true });
  });

  it('adds no restart or kill the driver cannot do, and keeps the methods it is given', async () => {
    const bare = defineDriver(recording().definition);
    expect([bare.restart, bare.kill]).toEqual([undefined, undefined]);
    expect(resolveCapabilities(bare)).toMatchObject({ restart: false, kill: false });
    const onlyStop = defineDriver({ ...recording().definition, stop: async () => {} });
    expect([typeof onlyStop.restart, typeof onlyStop.kill]).toEqual(['undefined', 'function']);
    const own = defineDriver({
      ...recording().definition,
      getURL: async () => 'tcp://own:1',
      getSSHInfo: async () => ({ host: 'h', port: 1, user: 'u', keyPath: '' }),
      kill: async () => ({ killed: true }),
    });
    await expect(own.getURL(ref({ state: 'Stopped' }), ctx)).resolves.toBe('tcp://own:1');
    await expect(own.getSSHInfo?.(ref(), ctx)).resolves.toMatchObject({ host: 'h' });
    await expect(own.kill?.(ref(), ctx)).resolves.toEqual({ killed: true });
  });

  it('calls methods on the returned driver, so `this` is the whole driver', async () => {
    const driver = defineDriver({
      ...recording().definition,
      region: 'eu-1',
      async getIP(this: { region: string }) {
        return `${this.region}.example.com`;
      },
    } as DriverDefinition);
    await expect(driver.getURL(ref(), ctx)).resolves.toBe('tcp://eu-1.example.com:2376');
  });
});
