#!/usr/bin/env node
// @ts-check
// Self-test of the namespace-machine harness: `node testhosts/selftest.mjs` (as root).
// Starts two machines in parallel, checks ssh + systemd + docker on each, distinct host keys and
// machine-ids, `docker run` of the imported busybox image (bridge, --network none, -p reached from the
// host), then stops both and verifies that nothing is left behind. Prints timings.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BUSYBOX_IMAGE, TESTHOST_DIR, createTestKey, ensureHostPackages, ensureTemplate, importBusybox, isSupported,
  machineExec, sshArgs, startMachine, stopMachine,
} from './index.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
let passed = 0;
let failed = 0;
/** @type {[string, string][]} */
const timings = [];
const t = () => performance.now();
/** @param {string} what @param {number} t0 */
const took = (what, t0) => { const s = ((t() - t0) / 1000).toFixed(2); timings.push([what, `${s} s`]); return s; };
/** @param {boolean} ok @param {string} what @param {string} [detail] */
function check(ok, what, detail = '') {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` -- ${detail}` : ''}`);
  return ok;
}
/** @param {string} file @param {string[]} args @param {number} [timeoutMs] */
function run(file, args, timeoutMs = 120_000) {
  return new Promise((resolve) => {
    const c = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = ''; let stderr = '';
    c.stdout.on('data', (d) => { stdout += d; });
    c.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
    c.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const ipForward = () => fs.readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim();
/** @param {string} url */
function httpGet(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 5000 }, (res) => {
      let body = ''; res.on('data', (d) => { body += d; }); res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

process.on('SIGINT', () => process.exit(130)); // the harness's exit hook then stops our machines
process.on('SIGTERM', () => process.exit(143));

const support = isSupported();
if (!support.ok) {
  console.log(`selftest: not supported here: ${support.reason}`);
  process.exit(1);
}
console.log(`selftest: supported (${support.reason}, cgroup ${support.cgroup}); TESTHOST_DIR=${TESTHOST_DIR}`);
const fwd0 = ipForward();
check(fwd0 === '0', 'host net.ipv4.ip_forward is 0 before', fwd0);

/** @type {import('./index.mjs').Machine[]} */
const machines = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-selftest-'));
try {
  let t0 = t();
  await ensureHostPackages();
  took('host packages (check/install)', t0);

  t0 = t();
  const tpl = await ensureTemplate();
  if (tpl.cached) {
    timings.push(['template build, first (recorded when it was built)', tpl.buildSeconds ? `${tpl.buildSeconds} s` : 'n/a']);
  } else {
    took('template build, first (this run)', t0);
  }
  t0 = t();
  const again = spawnSync('bash', [path.join(HERE, 'build-template.sh')], { encoding: 'utf8' });
  took('template build, cached', t0);
  check(again.status === 0 && again.stdout.trim() === tpl.rootfs, 'template is reused from the cache', tpl.rootfs);
  check(fs.statSync(tpl.busyboxTar).size > 500_000, 'busybox image tarball exists', tpl.busyboxTar);

  const key = await createTestKey(path.join(tmp, 'key'));
  const names = [`st-a-${process.pid.toString(36)}`, `st-b-${process.pid.toString(36)}`];

  // --- two machines in parallel
  t0 = t();
  const results = await Promise.allSettled(names.map((name) => startMachine({ name, authorizedKey: key.publicKeyPath })));
  took('two machines up in parallel (until both answer ssh)', t0);
  for (const r of results) if (r.status === 'fulfilled') machines.push(r.value);
  for (const [i, r] of results.entries()) {
    if (r.status === 'fulfilled') {
      timings.push([`machine ${r.value.name} up to ssh`, `${r.value.upSeconds.toFixed(2)} s`]);
      check(true, `machine ${names[i]} up at ${r.value.ip}`);
    } else check(false, `machine ${names[i]} up`, String(r.reason?.message ?? r.reason));
  }
  const [a, b] = machines;
  if (!a || !b) throw new Error('machines did not start');
  check(a.index !== b.index, 'distinct slots', `${a.index}, ${b.index}`);

  // --- ssh: systemd state + docker
  for (const m of machines) {
    t0 = t();
    const r = /** @type {any} */ (await run('ssh', [...sshArgs(m, key.privateKeyPath),
      'systemctl is-system-running --wait; docker info --format {{.ServerVersion}}'], 120_000));
    const s = took(`ssh to ${m.name}: systemd boot finished + docker info`, t0);
    const [state, version] = r.stdout.trim().split('\n');
    check(state === 'running' || state === 'degraded', `${m.name}: systemctl is-system-running`, `${state} (${s} s)`);
    if (state === 'degraded') {
      const f = await machineExec(m.name, 'systemctl --failed --no-legend --plain', { check: false });
      console.log(`     failed units on ${m.name}: ${f.stdout.trim().replace(/\n/g, '; ')}`);
    }
    check(r.code === 0 && /^\d+\.\d+/.test(version ?? ''), `${m.name}: docker info over ssh`, version ?? r.stderr.trim());
  }

  // --- distinct identities
  const scans = /** @type {any[]} */ (await Promise.all(machines.map((m) => run('ssh-keyscan', ['-T', '5', '-t', 'ed25519', m.ip]))));
  const keys = scans.map((s) => s.stdout.trim().split(/\s+/).slice(1).join(' '));
  check(keys.every((k) => k.startsWith('ssh-ed25519 ')) && keys[0] !== keys[1], 'ssh host keys differ', keys.map((k) => `...${k.slice(-12)}`).join(' vs '));
  const ids = await Promise.all(machines.map((m) => machineExec(m.name, 'cat /etc/machine-id; hostname')));
  const [id0 = '', host0] = (ids[0]?.stdout ?? '').trim().split('\n');
  const [id1 = '', host1] = (ids[1]?.stdout ?? '').trim().split('\n');
  check(id0 !== id1 && id0.length === 32, 'machine-ids differ', `${id0} vs ${id1}`);
  check(host0 === a.name && host1 === b.name, 'machineExec runs inside (hostname)', `${host0}, ${host1}`);

  // --- docker run with the imported busybox image
  t0 = t();
  await importBusybox(a.name);
  took('import busybox image', t0);
  t0 = t();
  const hello = /** @type {any} */ (await run('ssh', [...sshArgs(a, key.privateKeyPath), `docker run --rm ${BUSYBOX_IMAGE} echo hello`]));
  took('docker run --rm (bridge network) over ssh', t0);
  check(hello.stdout.trim() === 'hello', 'docker run --rm berth-test/busybox:latest echo hello (default bridge)', hello.stdout.trim() || hello.stderr.trim());
  const none = await machineExec(a.name, ['docker', 'run', '--rm', '--network', 'none', BUSYBOX_IMAGE, 'echo', 'hello'], { check: false });
  check(none.stdout.trim() === 'hello', 'docker run --network none', none.stdout.trim() || none.stderr.trim());
  await machineExec(a.name, ['docker', 'run', '-d', '--name', 'web', '-p', '8080:80', BUSYBOX_IMAGE, 'httpd', '-f', '-p', '80', '-h', '/etc']);
  let body = '';
  for (let i = 0; i < 20 && !body; i++) {
    body = /** @type {string} */ (await httpGet(`http://${a.ip}:8080/hostname`).catch(() => ''));
    if (!body) await sleep(100);
  }
  check(body.length > 0, 'docker run -p 8080:80 is reachable from the host', body.trim());
  check(ipForward() === '0', 'host net.ipv4.ip_forward still 0 with dockerd running in machines');
} catch (e) {
  check(false, 'selftest aborted', String(/** @type {any} */ (e)?.stack ?? e));
} finally {
  // --- stop both (in parallel), then look for leftovers
  const t0 = t();
  const stops = await Promise.allSettled(machines.map(async (m) => {
    const t1 = t();
    await stopMachine(m.name);
    timings.push([`machine ${m.name} down`, `${((t() - t1) / 1000).toFixed(2)} s`]);
  }));
  if (machines.length) took('both machines down (parallel)', t0);
  for (const [i, s] of stops.entries()) {
    check(s.status === 'fulfilled', `machine ${machines[i]?.name} stopped`, s.status === 'rejected' ? String(s.reason?.message) : '');
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  await verifyNothingLeft(machines);
}

/** @param {import('./index.mjs').Machine[]} ms */
async function verifyNothingLeft(ms) {
  const netns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
  const links = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout;
  const mdir = path.join(TESTHOST_DIR, 'machines');
  for (const m of ms) {
    check(!new RegExp(`^bt-${m.name}\\b`, 'm').test(netns), `${m.name}: no netns bt-${m.name}`);
    check(!new RegExp(`: bh-${m.index}[@:]`).test(links), `${m.name}: no veth bh-${m.index}`);
    check(!fs.existsSync(path.join(mdir, m.name)), `${m.name}: machine dir removed`);
    let slot = null;
    try { slot = fs.readlinkSync(path.join(TESTHOST_DIR, 'slots', String(m.index))); } catch { /* gone */ }
    check(slot !== m.name, `${m.name}: slot ${m.index} released`);
    const cgs = spawnSync('find', ['/sys/fs/cgroup', '-maxdepth', '8', '-type', 'd', '-name', `berth-${m.name}`], { encoding: 'utf8' }).stdout.trim();
    check(cgs === '', `${m.name}: no cgroup berth-${m.name}`, cgs);
    // processes: the launcher and PID 1 are gone (a zombie is reaped by the host's init within a few s)
    /** @type {number[]} */
    let alive = [];
    for (let i = 0; i < 100; i++) {
      alive = [m.launcherPid, m.initPid].filter((p) => p && fs.existsSync(`/proc/${p}`));
      if (!alive.length) break;
      await sleep(100);
    }
    const states = alive.map((p) => { try { return `${p}:${fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(' ')[2]}`; } catch { return `${p}:gone`; } });
    check(alive.length === 0, `${m.name}: launcher and PID 1 gone`, states.join(' '));
  }
  // any process, anywhere, that still refers to a machine dir (cmdline) or lives in a machine's mounts
  const leftovers = [];
  for (const p of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
      if (ms.some((m) => cmd.includes(path.join(mdir, m.name)))) leftovers.push(`${p}: ${cmd.replace(/\0/g, ' ').slice(0, 80)}`);
      const mi = fs.readFileSync(`/proc/${p}/mountinfo`, 'utf8');
      if (ms.some((m) => mi.includes(path.join(mdir, m.name)))) leftovers.push(`${p}: mounts of a machine`);
    } catch { /* exited */ }
  }
  check(leftovers.length === 0, 'no process refers to the machines', leftovers.join('; '));
  const mounts = fs.readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((l) => l.split(' ')[1]?.startsWith(mdir));
  check(mounts.length === 0, `no host mounts under ${mdir}`, mounts.join('; '));
  check(ipForward() === '0', 'host net.ipv4.ip_forward is 0 after');
}

console.log('\ntimings:');
for (const [what, v] of timings) console.log(`  ${what.padEnd(62)} ${v}`);
console.log(`\nselftest: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
