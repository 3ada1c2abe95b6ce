// Runs berth's driver conformance suite against the built driver, as the driver's CI would: one
// vitest test per check, each starting dist/main.js the way berth does. `lifecycle: true` also
// creates, stops, starts and removes a machine (cheap here: the example's cloud is pretend).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll } from 'vitest';
import { defineConformanceTests, driverCommand } from '@berth/driver-sdk/testing';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

beforeAll(() => {
  execFileSync(process.execPath, ['build.mjs'], { cwd: packageDir, stdio: 'inherit' });
});

await defineConformanceTests({
  ...driverCommand(`${packageDir}dist/main.js`),
  driverName: 'example',
  createFlags: { 'example-cpus': 2, 'example-tags': ['ci'] },
  lifecycle: true,
});
