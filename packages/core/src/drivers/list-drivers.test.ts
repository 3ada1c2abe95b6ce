import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDrivers } from './list-drivers.js';

let dir: string;
let store: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-list-drivers-'));
  store = join(dir, 'store');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, content: string, mode = 0o644): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  chmodSync(path, mode);
}

function driverPackage(pkgDir: string, name: string, version: string, drivers: Record<string, string>): void {
  write(join(pkgDir, 'package.json'), JSON.stringify({ name, version, berth: { protocol: [1], drivers } }));
  // An entry that would leave a trace if anything ran it.
  for (const entry of Object.values(drivers)) write(join(pkgDir, entry), `require('fs').writeFileSync(${JSON.stringify(join(dir, 'ran'))}, '')`);
}

describe('listDrivers', () => {
  it('lists every source, sorted by name and then in resolution order, without running anything', async () => {
    const installed = join(store, 'drivers', 'node_modules');
    driverPackage(join(installed, 'berth-driver-cloud'), 'berth-driver-cloud', '1.2.0', { cloud: 'main.js', 'cloud-lite': 'lite.js' });
    driverPackage(join(installed, '@acme', 'berth-driver-generic'), '@acme/berth-driver-generic', '3.0.0', { generic: 'main.js' });
    write(join(installed, 'left-pad', 'package.json'), '{"name":"left-pad","version":"1.0.0"}');
    driverPackage(join(dir, 'dev', 'cloud'), 'berth-driver-cloud', '2.0.0-dev', { cloud: 'dist/main.js' });
    write(join(store, 'drivers', 'package.json'), JSON.stringify({
      dependencies: { 'berth-driver-cloud': '^1.2.0', '@acme/berth-driver-generic': '3', 'left-pad': '1' },
      berth: { linked: { cloud: join(dir, 'dev', 'cloud'), gone: join(dir, 'gone') } },
    }));
    write(join(dir, 'bin1', 'berth-driver-shell'), '#!/bin/sh\n', 0o755);
    write(join(dir, 'bin2', 'berth-driver-shell'), '#!/bin/sh\n', 0o755);
    write(join(dir, 'bin2', 'berth-driver-noexec'), '#!/bin/sh\n', 0o644);
    write(join(dir, 'bin2', 'berth-driver-Bad'), '#!/bin/sh\n', 0o755);
    write(join(dir, 'dev.js'), '');

    const rows = await listDrivers({
      storePath: store,
      env: { PATH: [join(dir, 'bin1'), join(dir, 'missing'), join(dir, 'bin2')].join(delimiter), BERTH_DRIVER_MY_CLOUD_PATH: join(dir, 'dev.js'), BERTH_DRIVER_EMPTY_PATH: '' },
      builtins: { generic: '/cli/generic.js', none: '/cli/generic.js' },
      builtinPackages: { generic: { packageName: '@berth/driver-generic', version: '0.1.0', protocol: [1] } },
    });
    expect(rows).toEqual([
      { name: 'cloud', version: '2.0.0-dev', source: 'linked', protocol: [1], package: 'berth-driver-cloud', path: join(dir, 'dev', 'cloud', 'dist', 'main.js') },
      { name: 'cloud', version: '1.2.0', source: 'installed', protocol: [1], package: 'berth-driver-cloud', path: join(installed, 'berth-driver-cloud', 'main.js') },
      { name: 'cloud-lite', version: '1.2.0', source: 'installed', protocol: [1], package: 'berth-driver-cloud', path: join(installed, 'berth-driver-cloud', 'lite.js') },
      { name: 'generic', version: '0.1.0', source: 'builtin', protocol: [1], package: '@berth/driver-generic', path: '/cli/generic.js' },
      { name: 'generic', version: '3.0.0', source: 'installed', protocol: [1], package: '@acme/berth-driver-generic', path: join(installed, '@acme', 'berth-driver-generic', 'main.js') },
      { name: 'gone', version: '', source: 'linked', protocol: [], package: '', path: join(dir, 'gone') },
      { name: 'my-cloud', version: '', source: 'override', protocol: [], package: '', path: join(dir, 'dev.js') },
      { name: 'none', version: '', source: 'builtin', protocol: [], package: '', path: '/cli/generic.js' },
      { name: 'shell', version: '', source: 'path', protocol: [], package: '', path: join(dir, 'bin1', 'berth-driver-shell') },
    ]);
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it('is empty apart from the built-ins for a new store', async () => {
    expect(await listDrivers({ storePath: store, env: {}, builtins: { none: '/g.js' } })).toEqual([
      { name: 'none', version: '', source: 'builtin', protocol: [], package: '', path: '/g.js' },
    ]);
  });
});
