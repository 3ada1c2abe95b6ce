/**
 * The built-in drivers pass the conformance suite third-party drivers run, through the same bundle
 * berth ships (dist/bundle/start.cjs, after `pnpm build`).
 */
import { fileURLToPath } from 'node:url';
import { defineConformanceTests, driverCommand } from '@berth/driver-sdk/testing';

const BUNDLE = fileURLToPath(new URL('../dist/bundle/start.cjs', import.meta.url));

// none: every check, the full lifecycle included (its machines are only a URL).
await defineConformanceTests({
  ...driverCommand(BUNDLE),
  driverName: 'none',
  createFlags: { url: 'tcp://127.0.0.1:2376' },
  lifecycle: true,
});

// generic: everything that needs no real SSH host. Port 1 on loopback is closed, so getState answers
// Stopped at once instead of probing a host for 15 s.
await defineConformanceTests({
  ...driverCommand(BUNDLE),
  driverName: 'generic',
  createFlags: { 'generic-ip-address': '127.0.0.1', 'generic-ssh-port': 1 },
  lifecycle: false,
});
