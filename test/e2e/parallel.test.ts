// Two generic creates in parallel in one store: both succeed and share the single CA created once.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Machine } from '../../testhosts/index.mjs';
import { DOCKER_BIN, World, parseEnv, run, skipReason, unsupported } from './helpers.js';

describe.skipIf(unsupported)(`parallel creates${unsupported ? ` (skipped: ${skipReason})` : ''}`, { timeout: 180_000 }, () => {
  const w = new World();
  let a: Machine;
  let b: Machine;

  beforeAll(async () => {
    await w.setup();
    [a, b] = await Promise.all([w.machine(), w.machine()]);
  }, 300_000);
  afterAll(() => w.teardown(), 60_000);

  it('both succeed with one CA', async () => {
    const [ra, rb] = await Promise.all([w.create(a, 'p1'), w.create(b, 'p2')]);
    expect(ra.code, ra.out).toBe(0);
    expect(rb.code, rb.out).toBe(0);
    expect(ra.stdout).toContain('Docker is up and running!');
    expect(rb.stdout).toContain('Docker is up and running!');
    // The CA is created exactly once, by one of the two.
    const caLines = (ra.stdout + rb.stdout).match(/^Creating CA: /gm) ?? [];
    expect(caLines.length).toBe(1);

    const ca = await readFile(join(w.store, 'certs', 'ca.pem'));
    for (const name of ['p1', 'p2']) {
      expect((await readFile(join(w.store, 'machines', name, 'ca.pem'))).equals(ca), `${name}/ca.pem`).toBe(true);
    }

    const ls = await w.berth(['ls', '--format', '{{.Name}} {{.State}} {{.URL}}']);
    expect(ls.code, ls.out).toBe(0);
    expect(ls.stdout.trim().split('\n').sort()).toEqual([
      `p1 Running tcp://${a.ip}:2376`,
      `p2 Running tcp://${b.ip}:2376`,
    ]);

    // Each engine answers the real docker CLI with the shared client cert.
    for (const [name, m] of [['p1', a], ['p2', b]] as const) {
      const env = parseEnv((await w.berth(['env', name])).stdout);
      const info = await run(DOCKER_BIN, ['info', '--format', '{{.Name}}'], { env: w.env(env) });
      expect(info.code, info.out).toBe(0);
      expect(info.stdout.trim()).toBe(name);
      expect(env.DOCKER_HOST).toBe(`tcp://${m.ip}:2376`);
    }
  });
});
