#!/usr/bin/env node
// pnpm demo: berth's main job end to end on this machine. Starts a throw-away Debian host (network
// namespace, systemd, sshd, dockerd), then runs, printing each command:
//   berth create -d generic, berth ls, eval $(berth env) + docker run, berth ssh, berth rm.
// Needs root on Linux (namespaces, overlayfs); everything it starts is stopped at the end.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTestKey, ensureHostPackages, ensureTemplate, importBusybox, isSupported, startMachine,
} from '../testhosts/index.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const berthBin = join(root, 'packages/cli/bin/berth.cjs');

const support = await isSupported();
if (!support.ok) {
  console.error(`pnpm demo needs root on Linux to start a throw-away host: ${support.reason}`);
  console.error('Run it as root: sudo pnpm demo');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'berth-demo-'));
const store = join(work, 'store');
let machine;
try {
  step('Preparing the test-host template (cached after the first run, ~2 minutes the first time)');
  await ensureHostPackages();
  await ensureTemplate();
  const key = await createTestKey(work);
  machine = await startMachine({ authorizedKey: key.publicKey });
  step(`Started a throw-away Debian host at ${machine.ip} (systemd, sshd, dockerd)`);
  await importBusybox(machine.name);

  berth('create', '-d', 'generic', '--generic-ip-address', machine.ip, '--generic-ssh-key', key.privateKeyPath, 'demo');
  berth('ls');
  const envText = berth('env', 'demo');
  const env = { ...process.env };
  for (const m of envText.matchAll(/^export (\w+)="(.*)"$/gm)) env[m[1]] = m[2];
  step('eval $(berth env demo) && docker run --rm berth-test/busybox:latest echo hello from the demo machine');
  run('docker', ['run', '--rm', 'berth-test/busybox:latest', 'echo', 'hello from the demo machine'], env);
  berth('ssh', 'demo', 'uname -a && docker ps --format "{{.Names}}" | wc -l');
  berth('rm', '-y', 'demo');
  step('Done: berth created, used and removed a Docker host.');
} finally {
  await machine?.stop();
  rmSync(work, { recursive: true, force: true });
}

function step(text) {
  console.log(`\n==> ${text}`);
}

function berth(...args) {
  step(`berth ${args.join(' ')}`);
  return run(process.execPath, [berthBin, '-s', store, ...args], process.env);
}

function run(command, args, env) {
  const result = spawnSync(command, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(result.stdout ?? '');
  if (result.status !== 0) {
    throw new Error(`${command === process.execPath ? 'berth' : command} exited with ${result.status ?? result.signal}`);
  }
  return result.stdout;
}
