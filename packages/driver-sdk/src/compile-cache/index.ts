export { startWithCompileCache } from './start-with-compile-cache.js';
