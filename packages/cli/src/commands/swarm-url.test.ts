import type { MachineRecord } from '@berth/core';
import { describe, expect, it } from 'vitest';
import { swarmURL } from './swarm-url.js';

const machine = (swarm: { Master: boolean; Host: string }) =>
  ({ Name: 'sw', HostOptions: { SwarmOptions: swarm } }) as unknown as MachineRecord;
const master = (host: string) => machine({ Master: true, Host: host });

describe('swarmURL', () => {
  it.each([
    ['tcp://192.168.99.100:2376', 'tcp://0.0.0.0:3376', 'tcp://192.168.99.100:3376'],
    ['tcp://127.0.0.1:47101', 'tcp://0.0.0.0:47103', 'tcp://127.0.0.1:47103'],
    ['tcp://[fd00::1]:2376', 'tcp://0.0.0.0:3376', 'tcp://[fd00::1]:3376'],
    ['tcp://[::1]:2376', 'tcp://[::]:4000', 'tcp://[::1]:4000'],
    ['tcp://engine.example:2376/', 'tcp://0.0.0.0:3376', 'tcp://engine.example:3376'],
    ['tcp://10.0.0.5', 'tcp://0.0.0.0:3376', 'tcp://10.0.0.5:3376'],
  ])('%s with swarm host %s → %s', (url, host, expected) => {
    expect(swarmURL(master(host), url)).toBe(expected);
  });

  it('refuses a machine that is not a swarm master', () => {
    expect(() => swarmURL(machine({ Master: false, Host: 'tcp://0.0.0.0:3376' }), 'tcp://10.0.0.5:2376')).toThrow(
      '"sw" is not a swarm master. The --swarm flag is intended for use with swarm masters',
    );
  });

  it.each(['tcp://0.0.0.0', '0.0.0.0:3376', ''])('a swarm host without a port (%j) is an error naming it', (host) => {
    expect(() => swarmURL(master(host), 'tcp://10.0.0.5:2376')).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: `The swarm host "${host}" of "sw" is not a tcp://HOST:PORT URL` }),
    );
  });

  it('an engine URL without a host is an error naming it', () => {
    expect(() => swarmURL(master('tcp://0.0.0.0:3376'), 'not a url')).toThrow(expect.objectContaining({ code: 'ENGINE_URL_INVALID' }));
  });
});
