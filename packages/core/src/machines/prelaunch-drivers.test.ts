import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MachineClient } from './machine-client.js';
import { prelaunchDrivers } from './prelaunch-drivers.js';

let store: string;
beforeEach(() => {
  store = mkdtempSync(join(tmpdir(), 'berth-prelaunch-'));
});
afterEach(() => rmSync(store, { recursive: true, force: true }));

function machine(name: string, config: string): void {
  mkdirSync(join(store, 'machines', name), { recursive: true });
  writeFileSync(join(store, 'machines', name, 'config.json'), config);
}

/** A client whose driver host records launches (the host itself is tested in driver-host.test.ts). */
function recordingClient(): { client: MachineClient; launched: string[] } {
  const launched: string[] = [];
  const drivers = { launch: async (name: string) => void launched.push(name) };
  return { client: { storePath: store, drivers: () => drivers } as unknown as MachineClient, launched };
}

describe('prelaunchDrivers', () => {
  it('launches each driver of the store once', async () => {
    machine('a', JSON.stringify({ DriverName: 'none' }));
    machine('b', JSON.stringify({ DriverName: 'generic' }));
    machine('c', JSON.stringify({ DriverName: 'none' }));
    const { client, launched } = recordingClient();
    await prelaunchDrivers(client);
    expect(launched.sort()).toEqual(['generic', 'none']);
  });

  it('launches only the named machines\' drivers', async () => {
    machine('a', JSON.stringify({ DriverName: 'none' }));
    machine('b', JSON.stringify({ DriverName: 'generic' }));
    const { client, launched } = recordingClient();
    await prelaunchDrivers(client, ['b']);
    expect(launched).toEqual(['generic']);
  });

  it('skips what the command itself will report: corrupt configs, unknown or invalid names, no store', async () => {
    machine('broken', '{ not json');
    machine('nodriver', JSON.stringify({ Name: 'nodriver' }));
    const { client, launched } = recordingClient();
    await prelaunchDrivers(client, ['broken', 'nodriver', 'missing', '../escape']);
    await prelaunchDrivers(client);
    rmSync(store, { recursive: true, force: true });
    await prelaunchDrivers(client);
    expect(launched).toEqual([]);
  });
});
