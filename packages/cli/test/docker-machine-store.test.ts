// A store written by docker-machine 0.16 (packages/core/test/fixtures/docker-machine-store) works
// with the CLI: `berth -s ~/.docker/machine ls` (ARCHITECTURE "Store").
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeEngine } from './helpers/fake-engine.js';
import { cleanup, createNone, installDockerMachineFixture, runBerth, tempDir } from './helpers/run-berth.js';

afterEach(cleanup);

let store: string;
const configOf = (name: string) => join(store, 'machines', name, 'config.json');
const berth = (...args: string[]) => runBerth(args, { store });

beforeEach(async () => {
  store = join(await tempDir('berth-dm-'), 'machine');
  await installDockerMachineFixture(store);
});

describe('a docker-machine 0.16 store', () => {
  it('ls -q lists both machines', async () => {
    const r = await berth('ls', '-q');
    expect(r).toMatchObject({ code: 0, stdout: 'generic-host\nnone-host\n', stderr: '' });
  });

  it('inspect prints each config.json byte for byte and writes nothing', async () => {
    for (const name of ['none-host', 'generic-host']) {
      const before = await readFile(configOf(name), 'utf8');
      const r = await berth('inspect', name);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${before}\n`);
      expect(await readFile(configOf(name), 'utf8')).toBe(before);
      expect(existsSync(`${configOf(name)}.bak`)).toBe(false);
    }
    const f = await berth('inspect', '-f', '{{.Driver.SSHUser}} {{.HostOptions.EngineOptions.Labels}} {{.HostOptions.AuthOptions.ServerCertSANs}}', 'generic-host');
    expect(f.stdout).toBe('debian [env=test] [generic.example.com]\n');
  });

  it('url and ip come from the stored config (no SSH needed)', async () => {
    expect(await berth('url', 'none-host')).toMatchObject({ code: 0, stdout: 'tcp://192.168.50.10:2376\n' });
    expect(await berth('url', 'generic-host')).toMatchObject({ code: 0, stdout: 'tcp://192.168.50.20:2376\n' });
    expect(await berth('ip', 'generic-host')).toMatchObject({ code: 0, stdout: '192.168.50.20\n' });
    expect(await berth('ip', 'none-host')).toMatchObject({ code: 0, stdout: '192.168.50.10\n' });
    expect(await berth('status', 'none-host')).toMatchObject({ code: 0, stdout: 'Running\n' });
  });

  it('ls lists both rows with their drivers, config files untouched', async () => {
    const before = await Promise.all(['none-host', 'generic-host'].map((n) => readFile(configOf(n), 'utf8')));
    const r = await runBerth(['ls', '-t', '2', '--format', '{{.Name}} {{.DriverName}}'], { store });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('generic-host generic\nnone-host none\n');
    const table = await runBerth(['ls', '-t', '2'], { store });
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME {11}ACTIVE {3}DRIVER {4}STATE/);
    expect(table.stdout).toMatch(/^none-host {6}- {8}none {6}Running {3}tcp:\/\/192\.168\.50\.10:2376 /m);
    expect(table.stdout).toMatch(/^generic-host {3}\S* +generic {3}/m);
    const after = await Promise.all(['none-host', 'generic-host'].map((n) => readFile(configOf(n), 'utf8')));
    expect(after).toEqual(before);
  });

  it('with the store CA and an engine behind the none machine: ls, version, config work', async () => {
    // A real docker-machine store has certs/; make them, as `docker-machine create` would have.
    await createNone(store, 'seed', 'tcp://127.0.0.1:1');
    expect((await berth('rm', '-y', 'seed')).code).toBe(0);
    const engine = await startFakeEngine(store);
    const none = await readFile(configOf('none-host'), 'utf8');
    await writeFile(configOf('none-host'), none.replaceAll('tcp://192.168.50.10:2376', engine.url).replace('"192.168.50.10:2376"', '"127.0.0.1"'));

    const r = await runBerth(['ls', '-t', '5', '--filter', 'driver=none', '--format', '{{.Name}} {{.State}} {{.DockerVersion}} {{.Error}}'], {
      store,
    });
    expect(r.stdout).toBe('none-host Running v24.0.7 \n');
    expect(await berth('version', 'none-host')).toMatchObject({ code: 0, stdout: '24.0.7\n' });
    // docker-machine never copied certificates into a none machine's folder: config names the store's.
    const config = await berth('config', 'none-host');
    expect(config.code).toBe(0);
    expect(config.stdout).toBe(
      [
        '--tlsverify',
        `--tlscacert="${store}/certs/ca.pem"`,
        `--tlscert="${store}/certs/cert.pem"`,
        `--tlskey="${store}/certs/key.pem"`,
        `-H=${engine.url}`,
        '',
      ].join('\n'),
    );
  });
});
