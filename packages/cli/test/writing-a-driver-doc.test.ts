// Keeps docs/WRITING-A-DRIVER.md true: the package.json and main.js it tells newcomers to write are
// extracted into a temp package and used exactly as the page says (override variable, `driver link`,
// the conformance command), and every `berth driver` command it mentions exists.
import { execFile } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as testing from '@berth/driver-sdk/testing';
import { useProcessMarker } from './helpers/driver-packages.js';
import { newStore, REPO_ROOT, runBerth, tempDir } from './helpers/run-berth.js';
import type { RunResult } from './helpers/run-berth.js';

const DOC = await readFile(join(REPO_ROOT, 'docs/WRITING-A-DRIVER.md'), 'utf8');
const CONFORMANCE_BIN = join(REPO_ROOT, 'packages/driver-sdk/bin/berth-driver-conformance.js');

/** The fenced block right after `<!-- MARK -->`. */
function blockAfter(mark: string): string {
  const match = new RegExp(`<!-- ${mark} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(DOC);
  if (match?.[1] === undefined) throw new Error(`docs/WRITING-A-DRIVER.md has no code block marked <!-- ${mark} -->`);
  return match[1];
}

/** The doc's package, as a newcomer has it after `npm install @berth/driver-sdk` (linked to this repo's SDK). */
async function writeDocPackage(): Promise<string> {
  const dir = join(await tempDir('berth-driver-foo-'), 'berth-driver-foo');
  await mkdir(join(dir, 'node_modules/@berth'), { recursive: true });
  await writeFile(join(dir, 'package.json'), blockAfter('file: package.json'));
  await writeFile(join(dir, 'main.js'), blockAfter('file: main.js'), { mode: 0o755 });
  await symlink(join(REPO_ROOT, 'packages/driver-sdk'), join(dir, 'node_modules/@berth/driver-sdk'), 'dir');
  return dir;
}

const marker = useProcessMarker();

async function berth(args: readonly string[], store: string, env: Record<string, string> = {}): Promise<RunResult> {
  const result = await runBerth(args, { store, env: { BERTH_E2E_MARKER: marker(), ...env } });
  expect(result.code, `berth ${args.join(' ')}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`).toBe(0);
  return result;
}

describe('docs/WRITING-A-DRIVER.md', () => {
  it('shows a package.json with the naming, bin and berth manifest it explains', () => {
    const manifest = JSON.parse(blockAfter('file: package.json')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      name: 'berth-driver-foo',
      type: 'module',
      bin: { 'berth-driver-foo': './main.js' },
      files: ['main.js'],
      berth: { protocol: [1], drivers: { foo: './main.js' } },
    });
  });

  it('shows a minimal driver of about 40 lines', () => {
    expect(blockAfter('file: main.js').split('\n').length).toBeLessThanOrEqual(50);
  });

  it('says what the driver prints when run by hand, as it does', async () => {
    const dir = await writeDocPackage();
    const shown = /```console\n\$ node main\.js\n([\s\S]*?)```/.exec(DOC)?.[1];
    expect(shown, 'the `$ node main.js` console block').toBeDefined();
    const run = await promisify(execFile)(process.execPath, ['main.js'], { cwd: dir }).catch((err: { code: number; stderr: string }) => err);
    expect(run).toMatchObject({ code: 1, stderr: shown });
  });

  it('runs the "try it" commands with BERTH_DRIVER_FOO_PATH, each succeeding', async () => {
    const dir = await writeDocPackage();
    const store = await newStore();
    const [exportLine, ...lines] = blockAfter('commands: try').split('\n');
    expect(exportLine).toBe('export BERTH_DRIVER_FOO_PATH=$PWD/main.js');
    const env = { BERTH_DRIVER_FOO_PATH: join(dir, 'main.js') };
    const outputs: Record<string, string> = {};
    for (const line of lines) {
      const [command, ...args] = line.split(/\s+/);
      expect(command, line).toBe('berth');
      const result = await berth(args, store, env);
      outputs[args[0] ?? ''] = result.stdout + result.stderr;
    }
    expect(outputs['create']).toContain('(dev) Creating dev at tcp://10.0.0.5:2376'); // its log line, as the page says
    expect(outputs['ls']).toMatch(/^dev\s+-\s+foo\s+Running\s/m);
    expect(outputs['url']?.trim()).toBe('tcp://10.0.0.5:2376');
  });

  it('works linked with `berth driver link`, as the page shows', async () => {
    const dir = await writeDocPackage();
    const store = await newStore();
    await berth(['driver', 'link', dir], store);
    expect((await berth(['driver', 'ls'], store)).stdout).toMatch(/^foo\s+0\.1\.0\s+linked\s+1\s+berth-driver-foo\s/m);
    expect((await berth(['driver', 'inspect', 'foo'], store)).stdout).toContain('--foo-url');
    await berth(['create', '-d', 'foo', '--foo-url', 'tcp://10.0.0.5:2376', 'dev'], store);
    await berth(['rm', '-y', 'dev'], store);
    await berth(['driver', 'unlink', 'foo'], store);
    expect((await berth(['driver', 'ls'], store)).stdout).not.toMatch(/^foo\s/m);
  });

  it('passes the conformance suite with the command the page gives', async () => {
    const dir = await writeDocPackage();
    const line = /^npx berth-driver-conformance (main\.js .*)$/m.exec(DOC)?.[1];
    expect(line, 'the `npx berth-driver-conformance main.js ...` line').toBeDefined();
    const run = await promisify(execFile)(process.execPath, [CONFORMANCE_BIN, ...(line ?? '').split(/\s+/)], {
      cwd: dir,
      env: { ...process.env, BERTH_E2E_MARKER: marker() },
    }).catch((err: { stdout: string }) => err);
    expect(run.stdout).toMatch(/foo: \d+ passed, 0 failed/);
    expect(run.stdout).toContain('PASS  lifecycle');
  });

  it('imports only names @berth/driver-sdk/testing exports', () => {
    const imported = /import \{ ([^}]+) \} from '@berth\/driver-sdk\/testing'/.exec(DOC)?.[1]?.split(/,\s*/) ?? [];
    const mentioned = ['runConformance', ...imported];
    expect(imported.length).toBeGreaterThan(0);
    for (const name of mentioned) expect(typeof (testing as Record<string, unknown>)[name], name).toBe('function');
  });

  it('mentions only `berth driver` commands that exist', async () => {
    const help = (await berth(['driver', '--help'], await newStore())).stdout;
    const commands = new Set([...help.matchAll(/^ {2}([a-z]+)(?:\|([a-z]+))?\s/gm)].flatMap((m) => [m[1], m[2]]).filter(Boolean));
    // Commands: at the start of a line in a code block, or after the backtick of inline code.
    const used = new Set([...DOC.matchAll(/(?:^|`)berth driver ([a-z]+)/gm)].map((m) => m[1]));
    expect(used.size).toBeGreaterThanOrEqual(6);
    for (const command of used) expect(commands, `berth driver ${command}`).toContain(command);
  });
});
