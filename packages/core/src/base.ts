/**
 * `@berth/core/base`: the light part of core that a CLI needs before it knows which command runs
 * (errors, store paths, the logger type). It loads no protocol, crypto or SSH library, so importing
 * it costs nothing on the shell-prompt path; everything here is also exported by `@berth/core`.
 */
export { BerthError, isBerthError, isErrnoException, withHint } from './errors.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export { resolveStorePath, readCompatEnv, storeLayout } from './paths.js';
export type { Env } from './paths.js';
