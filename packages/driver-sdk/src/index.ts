export * from './protocol.js';
export * from './flags.js';
export * from './states.js';
export * from './error-codes.js';
export type * from './driver.js';
