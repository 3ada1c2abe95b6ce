// Child that takes a lock, says `locked`, and holds it until it is killed.
// argv: <compiled lock.js> <lock path>
import { pathToFileURL } from 'node:url';

const [modulePath, lockPath] = process.argv.slice(2);
const { acquireLock } = await import(pathToFileURL(modulePath).href);
await acquireLock(lockPath, { timeoutMs: 10_000 });
process.stdout.write('locked\n');
setInterval(() => {}, 60_000);
