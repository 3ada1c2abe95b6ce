export { BerthError, isBerthError, isErrnoException } from './errors.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export { resolveStorePath, readCompatEnv, storeLayout } from './paths.js';
export type { Env } from './paths.js';
export * from './store/record.js';
