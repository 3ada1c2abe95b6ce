import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const coreSrc = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * Transpiles `packages/core/src/<entry>` and every module it imports relatively into `outDir` as plain
 * ES modules, so a child process started with `process.execPath` runs berth's real code without a
 * loader (a TypeScript loader costs each child a second of start-up). Returns the compiled entry.
 */
export async function compileForChild(entry: string, outDir: string): Promise<string> {
  await writeFile(join(outDir, 'package.json'), '{"type":"module"}');
  const queue = [resolve(coreSrc, entry)];
  const done = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (done.has(file)) continue;
    done.add(file);
    const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    const target = join(outDir, relative(coreSrc, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, outputText);
    for (const match of outputText.matchAll(/\bfrom\s+['"](\.{1,2}\/[^'"]+)\.js['"]/g)) {
      queue.push(resolve(dirname(file), `${match[1]}.ts`));
    }
  }
  return join(outDir, entry.replace(/\.ts$/, '.js'));
}
