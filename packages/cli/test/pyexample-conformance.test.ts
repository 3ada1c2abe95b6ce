// The Python example driver against the conformance suite of @berth/driver-sdk/testing: the same
// checks a TypeScript driver passes, for a driver that speaks the protocol without the SDK.
import { defineConformanceTests, driverCommand } from '@berth/driver-sdk/testing';
import { PYEXAMPLE_SCRIPT } from './helpers/driver-packages.js';

await defineConformanceTests({
  ...driverCommand(PYEXAMPLE_SCRIPT),
  driverName: 'pyexample',
  createFlags: { 'pyexample-cpus': 2, 'pyexample-tags': ['ci'] },
  lifecycle: true,
});
