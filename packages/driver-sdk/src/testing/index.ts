/**
 * `@berth/driver-sdk/testing`: the conformance suite a driver author runs against the driver
 * *executable*, in CI or by hand (bin `berth-driver-conformance`). See docs/PROTOCOL.md for the contract it checks.
 */
export { runConformance, conformanceChecks } from './run-conformance.js';
export type { ConformanceCheck, ConformanceCheckResult, ConformanceReport } from './run-conformance.js';
export { defineConformanceTests } from './define-conformance-tests.js';
export type { ConformanceTestApi } from './define-conformance-tests.js';
export { formatConformanceReport } from './format-report.js';
export { driverCommand, DEFAULT_CONFORMANCE_TIMEOUT_MS, DEFAULT_LIFECYCLE_TIMEOUT_MS } from './conformance-options.js';
export type { ConformanceOptions } from './conformance-options.js';
export { DriverSession, describeExit } from './driver-session.js';
export type { DriverSessionOptions, ExitStatus } from './driver-session.js';
export { parseFrames, describeLogLineProblems } from './frames.js';
