// Child for the lock test: `rounds` times, take the lock, read the counter, yield, write counter + 1.
// Without mutual exclusion the read-yield-write window loses increments.
// argv: <compiled lock.js> <lock path> <counter path> <rounds>
import { readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

const [modulePath, lockPath, counterPath, roundsText] = process.argv.slice(2);
const { acquireLock } = await import(pathToFileURL(modulePath).href);
for (let round = 0; round < Number(roundsText); round++) {
  const lock = await acquireLock(lockPath, { timeoutMs: 60_000, subject: 'Counter' });
  try {
    const value = Number(await readFile(counterPath, 'utf8'));
    await sleep(1);
    await writeFile(counterPath, String(value + 1));
  } finally {
    await lock.release();
  }
}
