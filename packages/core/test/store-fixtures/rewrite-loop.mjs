// Child for the crash test: rewrites a file forever with writeFileAtomic, content `contentFor(seq)`,
// printing `done <seq>` after each write returns. The parent SIGKILLs it at random moments.
// argv: <compiled atomic-write.js> <target> <first seq> <size>
import { pathToFileURL } from 'node:url';
import { contentFor } from './rewrite-content.mjs';

const [modulePath, target, firstSeqText, sizeText] = process.argv.slice(2);
const { writeFileAtomic } = await import(pathToFileURL(modulePath).href);
let seq = Number(firstSeqText);
const size = Number(sizeText);
process.stdout.write('ready\n');
for (;;) {
  await writeFileAtomic(target, contentFor(seq, size), { mode: 0o600 });
  process.stdout.write(`done ${seq}\n`);
  seq += 1;
}
