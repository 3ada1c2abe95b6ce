// Shared plumbing for the end-to-end tests: runs the built berth CLI against a temp store, and real
// namespace machines from testhosts/ (Debian with systemd, sshd and dockerd; needs root).
// Build first: `npx tsc -b && node scripts/bundle.mjs` (the CLI runs from the esbuild bundle).
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTestKey, ensureHostPackages, ensureTemplate, isSupported, startMachine, stopAllMachines,
  type Machine,
} from '../../testhosts/index.mjs';

export const BERTH_BIN = fileURLToPath(new URL('../../packages/cli/bin/berth.cjs', import.meta.url));
/** The real Docker CLI installed with the harness's host packages (docker.io). */
export const DOCKER_BIN = '/usr/bin/docker';

const support = isSupported();
/** Skip reason shown by describe.skipIf when namespace machines cannot run here (e.g. not root). */
export const unsupported = !support.ok;
export const skipReason = `e2e: namespace machines unavailable (${support.reason}); run as root on Linux`;
if (unsupported) console.warn(`[skip] ${skipReason}`);

export interface Run { code: number | null; stdout: string; stderr: string; out: string; ms: number }

export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, out: stdout + stderr, ms: Date.now() - started });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** One file's world: a temp dir with the store, HOME, an ssh key, and the machines it started. */
export class World {
  dir = '';
  store = '';
  key!: { privateKeyPath: string; publicKeyPath: string; publicKey: string };
  machines: Machine[] = [];
  servers: Server[] = [];

  async setup(): Promise<void> {
    await ensureHostPackages();
    await ensureTemplate(); // cached under /var/tmp; the first build takes ~100 s
    await stopAllMachines({ staleOnly: true });
    this.dir = await mkdtemp(join(tmpdir(), 'berth-e2e-'));
    this.store = join(this.dir, 'store');
    this.key = await createTestKey(join(this.dir, 'key'));
  }

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.dir, SHELL: '/bin/bash', USER: 'root', LANG: 'C',
      DOCKER_CONFIG: join(this.dir, 'docker-config'), ...extra,
    };
  }

  berth(args: string[], opts: { timeoutMs?: number; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
    const { env, ...rest } = opts;
    return run(process.execPath, [BERTH_BIN, '-s', this.store, ...args], { env: this.env(env), ...rest });
  }

  async machine(authorizedKey = this.key.publicKeyPath): Promise<Machine> {
    const m = await startMachine({ authorizedKey });
    this.machines.push(m);
    return m;
  }

  create(m: Machine, name: string, extra: string[] = [], keyPath = this.key.privateKeyPath): Promise<Run> {
    return this.berth(['create', '-d', 'generic', '--generic-ip-address', m.ip, '--generic-ssh-key', keyPath, ...extra, name]);
  }

  /** Serves `body` at http://HOST:PORT/install.sh on the host side of a machine's veth. */
  async serveScript(host: string, body: string): Promise<{ url: string; hits: () => number }> {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'text/x-shellscript' });
      res.end(body);
    });
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    const addr = server.address();
    if (!addr || typeof addr === 'string') throw new Error('no address');
    return { url: `http://${host}:${addr.port}/install.sh`, hits: () => hits };
  }

  async teardown(): Promise<void> {
    await Promise.allSettled(this.servers.map((s) => new Promise((r) => s.close(r))));
    await Promise.allSettled(this.machines.map((m) => m.stop()));
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

/** Parses `export K="V"` lines from `berth env` into an env object. */
export function parseEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of text.matchAll(/^export (\w+)="(.*)"$/gm)) vars[m[1]] = m[2];
  return vars;
}

/** Shell-ish split of `berth config` output (one flag per line, values maybe double-quoted). */
export function parseConfigFlags(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.replace(/^(--?[\w-]+=)"(.*)"$/, '$1$2'));
}

/** True while a command is still the placeholder other engineers are replacing. */
export function isPlaceholder(r: Run): boolean {
  return /not available in this build yet/.test(r.out);
}
