import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { npmCommand, parsePackOutput, runNpm, summarizeNpmError } from './npm-runner.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-npm-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in npm: records its argv, cwd and one variable, prints `out`, exits with `code`. */
function fakeNpm(code: number, out: { stdout?: string; stderr?: string } = {}): string {
  const path = join(dir, 'fake-npm.cjs');
  writeFileSync(
    path,
    `#!${process.execPath}\n` +
      `require('fs').writeFileSync(${JSON.stringify(join(dir, 'call.json'))}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), offline: process.env.npm_config_offline }));\n` +
      `process.stdout.write(${JSON.stringify(out.stdout ?? '')}); process.stderr.write(${JSON.stringify(out.stderr ?? '')}); process.exit(${code});\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

describe('runNpm', () => {
  it('runs BERTH_NPM in cwd with exactly the given environment', async () => {
    const npm = fakeNpm(0, { stdout: 'ok\n' });
    const result = await runNpm(['install', 'x'], { cwd: dir, env: { BERTH_NPM: npm, npm_config_offline: 'true', PATH: process.env.PATH } });
    expect(result.stdout).toBe('ok');
    expect(JSON.parse(readFileSync(join(dir, 'call.json'), 'utf8'))).toEqual({ argv: ['install', 'x'], cwd: dir, offline: 'true' });
  });

  it('turns a failure into NPM_FAILED with npm\'s own error line', async () => {
    const stderr = 'npm error code E404\nnpm error 404 Not Found - GET https://registry.example/berth-driver-nope\nnpm error A complete log of this run can be found in: /x.log\n';
    const npm = fakeNpm(1, { stderr });
    await expect(runNpm(['install', 'berth-driver-nope'], { cwd: dir, env: { BERTH_NPM: npm } })).rejects.toMatchObject({
      code: 'NPM_FAILED',
      message: 'npm install failed: 404 Not Found - GET https://registry.example/berth-driver-nope',
      details: expect.objectContaining({ exitCode: 1, stderr: stderr.trimEnd() }),
    });
  });

  it('says when npm cannot be found', async () => {
    await expect(runNpm(['--version'], { cwd: dir, env: { BERTH_NPM: join(dir, 'no-npm') } })).rejects.toMatchObject({
      code: 'NPM_NOT_FOUND',
      hint: expect.stringContaining('BERTH_NPM'),
    });
  });

  it('gives up after the time limit', async () => {
    const path = join(dir, 'slow-npm');
    writeFileSync(path, `#!${process.execPath}\nsetTimeout(() => {}, 60000);\n`);
    chmodSync(path, 0o755);
    await expect(runNpm(['install'], { cwd: dir, env: { BERTH_NPM: path }, timeoutMs: 300 })).rejects.toMatchObject({
      code: 'NPM_FAILED',
      message: 'npm install failed: it took longer than 300 ms',
    });
  });
});

describe('npmCommand', () => {
  it('is BERTH_NPM when set, else npm', () => {
    expect(npmCommand({ BERTH_NPM: '/opt/npm' })).toBe('/opt/npm');
    expect(npmCommand({ BERTH_NPM: '' })).toBe('npm');
    expect(npmCommand({})).toBe('npm');
  });
});

describe('summarizeNpmError', () => {
  it('skips the bookkeeping lines', () => {
    const offline = [
      'npm warn Unknown user config "nodedir".',
      'npm error code ENOTCACHED',
      "npm error request to https://registry.npmjs.org/berth-driver-x failed: cache mode is 'only-if-cached' but no cached response is available.",
      'npm error A complete log of this run can be found in: /tmp/x.log',
    ].join('\n');
    expect(summarizeNpmError(offline, 1)).toBe(
      "request to https://registry.npmjs.org/berth-driver-x failed: cache mode is 'only-if-cached' but no cached response is available.",
    );
  });
  it('reads old npm ERR! lines, and falls back to the last line or the exit code', () => {
    expect(summarizeNpmError('npm ERR! code E404\nnpm ERR! 404 Not Found\n', 1)).toBe('404 Not Found');
    expect(summarizeNpmError('something odd\n', 2)).toBe('something odd');
    expect(summarizeNpmError('', 2)).toBe('exit code 2');
  });
});

describe('parsePackOutput', () => {
  it('reads the package name and tarball file name, also after lines a prepack script printed', () => {
    const json = '[\n  {\n    "id": "berth-driver-a@1.0.0",\n    "name": "berth-driver-a",\n    "version": "1.0.0",\n    "filename": "berth-driver-a-1.0.0.tgz"\n  }\n]\n';
    expect(parsePackOutput(json)).toEqual({ name: 'berth-driver-a', filename: 'berth-driver-a-1.0.0.tgz' });
    expect(parsePackOutput(`> prepack\n> tsc\n${json}`)).toEqual({ name: 'berth-driver-a', filename: 'berth-driver-a-1.0.0.tgz' });
  });
  it('fails clearly on anything else', () => {
    expect(() => parsePackOutput('npm notice something\n')).toThrow(/npm pack printed no package name \(output: npm notice something\)/);
    expect(() => parsePackOutput('[]')).toThrow(/printed no package name/);
  });
});
