// @ts-check
/**
 * berth test hosts: real Debian "namespace machines" for end-to-end tests.
 *
 * Each machine has its own network namespace (veth: machine 10.200.N.1, host side 10.200.N.254, no route
 * anywhere else), an overlayfs root over a cached debootstrap template, systemd as PID 1, sshd and dockerd.
 * Plain ESM with JSDoc types and node builtins only, so tests of any package can import it.
 * Needs root on Linux: see isSupported(). Scripts and details: README.md beside this file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** State dir (machines/, slots/). Every user of the harness on one host should share it. */
export const TESTHOST_DIR = process.env.TESTHOST_DIR || '/var/tmp/berth-testhosts';
/** Template cache dir (template-<hash>/). */
export const TESTHOST_CACHE = process.env.TESTHOST_CACHE || '/var/tmp/berth-testhosts';
/** Image name that importBusybox() gives the busybox-static rootfs inside a machine. */
export const BUSYBOX_IMAGE = 'berth-test/busybox:latest';
/** Where every machine has the busybox rootfs tarball (for `docker import`). */
export const BUSYBOX_TAR_IN_MACHINE = '/opt/berth-test/busybox.tar';

const MACHINE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const NAME_RE = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;

/**
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }} RunResult
 * @typedef {{ env?: NodeJS.ProcessEnv, input?: string, timeoutMs?: number, echoStderr?: boolean }} RunOptions
 */

/**
 * Run a program; resolves with its exit status and output (never rejects for a non-zero exit).
 * @param {string} file @param {string[]} args @param {RunOptions} [opts]
 * @returns {Promise<RunResult>}
 */
function run(file, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: opts.env ?? process.env,
      stdio: [opts.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr?.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      if (opts.echoStderr) process.stderr.write(d);
    });
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    if (opts.timeoutMs) {
      timer = setTimeout(() => {
        stderr += `\n[testhosts] ${file} timed out after ${opts.timeoutMs} ms; sending SIGTERM\n`;
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }, opts.timeoutMs);
    }
    child.on('error', (e) => { if (timer) clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** @param {string} what @param {RunResult} r */
function failure(what, r) {
  const tail = (r.stderr || r.stdout).trim().split('\n').slice(-25).join('\n');
  return new Error(`${what} failed (${r.signal ?? `exit ${r.code}`})${tail ? `:\n${tail}` : ''}`);
}

/** @param {string} cmd */
function haveCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Can namespace machines run here? Cheap checks (no machine is started), so tests can skip with a reason.
 * @returns {{ ok: boolean, reason: string, cgroup?: 'v1' | 'v2' }}
 */
export function isSupported() {
  if (process.platform !== 'linux') return { ok: false, reason: `needs Linux (this is ${process.platform})` };
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return { ok: false, reason: 'needs root (namespaces, overlayfs, veth, cgroups)' };
  }
  for (const cmd of ['unshare', 'nsenter', 'setsid', 'flock', 'mount', 'bash']) {
    if (!haveCommand(cmd)) return { ok: false, reason: `missing command ${cmd} (util-linux)` };
  }
  const pkgsMissing = ['ip', 'ssh', 'ssh-keygen', 'debootstrap'].filter((c) => !haveCommand(c));
  if (pkgsMissing.length && !haveCommand('apt-get')) {
    return { ok: false, reason: `missing ${pkgsMissing.join(', ')} and no apt-get to install them` };
  }
  let filesystems = '';
  try { filesystems = fs.readFileSync('/proc/filesystems', 'utf8'); } catch { /* reported below */ }
  if (!/\toverlay$/m.test(filesystems)) return { ok: false, reason: 'kernel has no overlayfs' };
  let cgroup;
  try {
    const mounts = fs.readFileSync('/proc/self/mounts', 'utf8');
    if (/^\S+ \/sys\/fs\/cgroup cgroup2 /m.test(mounts)) cgroup = /** @type {const} */ ('v2');
    else if (/^\S+ \/sys\/fs\/cgroup\/\S+ cgroup /m.test(mounts)) cgroup = /** @type {const} */ ('v1');
  } catch { /* below */ }
  if (!cgroup) return { ok: false, reason: 'no cgroup hierarchy mounted under /sys/fs/cgroup' };
  const probe = spawnSync('unshare', ['--mount', '--uts', '--ipc', '--pid', '--cgroup', '--net', '--fork', 'true'],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 10_000 });
  if (probe.status !== 0) {
    return { ok: false, reason: `cannot create namespaces: ${(probe.stderr || '').trim() || `exit ${probe.status}`}` };
  }
  if (pkgsMissing.length) {
    return { ok: true, cgroup, reason: `ok after ensureHostPackages() installs ${pkgsMissing.join(', ')}` };
  }
  return { ok: true, cgroup, reason: cgroup === 'v2' ? 'ok (cgroup v2 host: untested variant)' : 'ok' };
}

/**
 * Install the host packages the harness needs (apt-get; does nothing when all are present).
 * @returns {Promise<void>}
 */
export async function ensureHostPackages() {
  const r = await run('bash', [path.join(HERE, 'install-host-packages.sh')], { echoStderr: true, timeoutMs: 30 * 60_000 });
  if (r.code !== 0) throw failure('install-host-packages.sh', r);
}

/** Directory of the template that the current build-template.sh builds (it may not exist yet). */
export function templateDir() {
  const hash = createHash('sha256').update(fs.readFileSync(path.join(HERE, 'build-template.sh'))).digest('hex');
  return path.join(TESTHOST_CACHE, `template-${hash.slice(0, 12)}`);
}

/**
 * @typedef {{ rootfs: string, dir: string, busyboxTar: string, cached: boolean, seconds: number,
 *   buildSeconds: number | null }} Template
 */
/** @type {Promise<Template> | undefined} */
let templatePromise;

/**
 * Build the machine template, or reuse the cached one (first build ~70 s, ~500 MB; cached: instant).
 * Safe to call from concurrent processes (the script takes a lock).
 * @returns {Promise<Template>}
 */
export function ensureTemplate() {
  templatePromise ??= (async () => {
    const dir = templateDir();
    const cached = fs.existsSync(path.join(dir, 'rootfs'));
    const t0 = performance.now();
    const r = await run('bash', [path.join(HERE, 'build-template.sh')], { echoStderr: !cached, timeoutMs: 40 * 60_000 });
    if (r.code !== 0) throw failure('build-template.sh', r);
    const rootfs = r.stdout.trim().split('\n').pop() ?? '';
    let buildSeconds = null;
    try { buildSeconds = Number(fs.readFileSync(path.join(dir, 'build-seconds'), 'utf8')); } catch { /* older */ }
    return {
      rootfs, dir: path.dirname(rootfs), busyboxTar: path.join(path.dirname(rootfs), 'busybox.tar'),
      cached, seconds: (performance.now() - t0) / 1000, buildSeconds,
    };
  })();
  templatePromise.catch(() => { templatePromise = undefined; });
  return templatePromise;
}

/**
 * Make (or reuse) an ssh key pair without passphrase in `dir`.
 * @param {string} dir
 * @param {{ type?: 'ed25519' | 'rsa', comment?: string }} [opts]
 * @returns {Promise<{ privateKeyPath: string, publicKeyPath: string, publicKey: string }>}
 */
export async function createTestKey(dir, opts = {}) {
  const type = opts.type ?? 'ed25519';
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKeyPath = path.join(dir, `id_${type}`);
  const publicKeyPath = `${privateKeyPath}.pub`;
  if (!fs.existsSync(privateKeyPath) || !fs.existsSync(publicKeyPath)) {
    fs.rmSync(privateKeyPath, { force: true });
    fs.rmSync(publicKeyPath, { force: true });
    const args = ['-q', '-t', type, '-N', '', '-C', opts.comment ?? 'berth-testhosts', '-f', privateKeyPath];
    if (type === 'rsa') args.splice(2, 0, '-b', '3072');
    const r = await run('ssh-keygen', args);
    if (r.code !== 0) throw failure('ssh-keygen', r);
  }
  return { privateKeyPath, publicKeyPath, publicKey: fs.readFileSync(publicKeyPath, 'utf8').trim() };
}

/**
 * @typedef {object} Machine
 * @property {string} name
 * @property {number} index        N: the machine is 10.200.N.1
 * @property {string} ip           '10.200.N.1'
 * @property {string} hostIp       '10.200.N.254' (the host's side of the veth: serve files to the machine here)
 * @property {number} sshPort      22
 * @property {string} user         'root'
 * @property {number} launcherPid
 * @property {number} initPid      host PID of the machine's systemd (PID 1 inside)
 * @property {number} upSeconds    time machine-up.sh took until sshd answered
 * @property {() => Promise<void>} stop
 * @property {(cmd: string | string[], opts?: ExecOptions) => Promise<RunResult>} exec
 */

/** "PID STARTTIME" of a process (STARTTIME guards against recycled PIDs), or null when it is gone. */
function processIdentity(pid = process.pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from #3 (state) on
    if (fields[0] === 'Z') return null;
    return `${pid} ${fields[19]}`; // #22 starttime
  } catch { return null; }
}

/** Machines started by this process and not yet stopped (stopped on process exit). */
const started = new Set();
function stopStartedSync() {
  if (process.env.BERTH_TESTHOST_KEEP) return;
  for (const name of started) {
    spawnSync('bash', [path.join(HERE, 'machine-down.sh'), name],
      { stdio: 'ignore', timeout: 60_000, env: { ...process.env, TESTHOST_DIR } });
  }
  started.clear();
}
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', stopStartedSync);
  // Killed by a signal, node exits without 'exit' events: stop our machines, then die of that signal
  // as before (unless someone else handles it: then they decide, and 'exit' still covers process.exit()).
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    const handler = () => {
      stopStartedSync();
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, handler);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, handler);
  }
}

let autoName = 0;
/**
 * Boot a machine and wait until its sshd answers (timeout 60 s by default; on failure nothing is left).
 * `index` N (1..250) picks 10.200.N.1; without it the first free slot is claimed atomically.
 * `authorizedKey`: a public key (text) or a path to a .pub file; it becomes root's only authorized key.
 * `hostKeyTypes`: the machine's fresh ssh host keys, default ['ed25519', 'ecdsa'] (add 'rsa' when a test
 * needs one: RSA key generation adds 0.4-4 s per machine on a busy 2-core host).
 * Machines still running when the process exits are stopped by an 'exit' hook (set BERTH_TESTHOST_KEEP=1
 * to keep them for debugging); use stopAllMachines() in a global teardown for crashed workers.
 * @param {{ name?: string, index?: number, authorizedKey?: string, timeoutMs?: number,
 *   hostKeyTypes?: ('ed25519' | 'ecdsa' | 'rsa')[] }} [opts]
 * @returns {Promise<Machine>}
 */
export async function startMachine(opts = {}) {
  const name = opts.name ?? `t${process.pid.toString(36)}-${(autoName++).toString(36)}`;
  if (!NAME_RE.test(name)) throw new Error(`bad machine name ${JSON.stringify(name)}: use [a-z0-9-], at most 32 chars`);
  if (opts.index !== undefined && !(Number.isInteger(opts.index) && opts.index >= 1 && opts.index <= 250)) {
    throw new Error(`bad machine index ${opts.index}: 1..250`);
  }
  const { rootfs } = await ensureTemplate();
  const timeoutMs = opts.timeoutMs ?? 60_000;
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env, TESTHOST_DIR, MACHINE_UP_TIMEOUT: String(Math.ceil(timeoutMs / 1000)),
    TESTHOST_OWNER: processIdentity() ?? '',
    HOST_KEY_TYPES: (opts.hostKeyTypes ?? ['ed25519', 'ecdsa']).join(' '),
  };
  delete env.AUTHORIZED_KEY_FILE;
  if (opts.authorizedKey) env.AUTHORIZED_KEY = opts.authorizedKey;
  else delete env.AUTHORIZED_KEY;
  installExitHook();

  const candidates = opts.index !== undefined ? [opts.index] : Array.from({ length: 250 }, (_, i) => i + 1);
  for (const n of candidates) {
    if (opts.index === undefined) {
      try { fs.lstatSync(path.join(TESTHOST_DIR, 'slots', String(n))); continue; } catch { /* free: try it */ }
    }
    const wasStarted = started.has(name);
    started.add(name); // so that the exit hook also cleans up a start that is cut short
    const t0 = performance.now();
    const r = await run('bash', [path.join(HERE, 'machine-up.sh'), name, String(n), rootfs],
      { env, timeoutMs: timeoutMs + 60_000 });
    if (r.code === 0) {
      /** @type {Record<string, string>} */
      const info = {};
      for (const line of r.stdout.split('\n')) {
        const i = line.indexOf('=');
        if (i > 0) info[line.slice(0, i)] = line.slice(i + 1);
      }
      return {
        name, index: n, ip: `10.200.${n}.1`, hostIp: `10.200.${n}.254`, sshPort: 22, user: 'root',
        launcherPid: Number(info.launcherPid), initPid: Number(info.initPid),
        upSeconds: (performance.now() - t0) / 1000,
        stop: () => stopMachine(name),
        exec: (cmd, o) => machineExec(name, cmd, o),
      };
    }
    if (!wasStarted) started.delete(name); // machine-up.sh cleaned up after itself
    if (r.code === 3 && opts.index === undefined) continue; // slot raced away: next one
    throw failure(`machine-up.sh ${name} ${n}`, r);
  }
  throw new Error(`no free slot for machine ${name} (all of 1..250 taken under ${TESTHOST_DIR}/slots)`);
}

/**
 * Stop a machine and remove all it had (processes, cgroups, netns, veth, slot, dirs). Idempotent.
 * @param {string} name
 * @returns {Promise<void>}
 */
export async function stopMachine(name) {
  if (!NAME_RE.test(name)) throw new Error(`bad machine name ${JSON.stringify(name)}`);
  const r = await run('bash', [path.join(HERE, 'machine-down.sh'), name],
    { env: { ...process.env, TESTHOST_DIR }, timeoutMs: 120_000 });
  started.delete(name);
  if (r.code !== 0) throw failure(`machine-down.sh ${name}`, r);
}

/**
 * Is a machine left over: its owner process (the test process that started it) or its launcher is gone?
 * @param {string} name
 */
export function isStale(name) {
  const m = path.join(TESTHOST_DIR, 'machines', name);
  /** @param {string} f */
  const read = (f) => { try { return fs.readFileSync(path.join(m, f), 'utf8').trim(); } catch { return ''; } };
  const owner = read('owner');
  if (owner && processIdentity(Number(owner.split(' ')[0])) !== owner) return true;
  const launcher = read('launcher.pid');
  if (launcher) {
    try {
      if (!fs.readFileSync(`/proc/${launcher}/cmdline`, 'utf8').split('\0').includes(m)) return true;
      if (processIdentity(Number(launcher)) === null) return true;
    } catch { return true; }
  }
  return false;
}

/**
 * Stop every machine recorded under TESTHOST_DIR (for a global teardown), and drop slots whose machine
 * dir is gone. This includes machines of other processes that share TESTHOST_DIR, unless `staleOnly`:
 * then only machines whose owner process or launcher is gone (left by a crashed run: use it in a
 * global setup).
 * @param {{ staleOnly?: boolean }} [opts]
 * @returns {Promise<string[]>} names of the machines stopped
 */
export async function stopAllMachines(opts = {}) {
  const dir = path.join(TESTHOST_DIR, 'machines');
  /** @type {string[]} */
  let names = [];
  try { names = fs.readdirSync(dir).filter((n) => NAME_RE.test(n)); } catch { /* none */ }
  if (opts.staleOnly) names = names.filter((n) => isStale(n));
  const results = await Promise.allSettled(names.map((n) => stopMachine(n)));
  const slots = path.join(TESTHOST_DIR, 'slots');
  /** @type {string[]} */
  let slotNames = [];
  try { slotNames = fs.readdirSync(slots); } catch { /* none */ }
  for (const s of slotNames) {
    try {
      const owner = fs.readlinkSync(path.join(slots, s));
      if (!fs.existsSync(path.join(dir, owner))) fs.rmSync(path.join(slots, s), { force: true });
    } catch { /* not a symlink */ }
  }
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${names[i]}: ${r.reason?.message ?? r.reason}`] : []));
  if (failed.length) throw new Error(`stopAllMachines: ${failed.join('\n')}`);
  return names;
}

/**
 * Host PID of the machine's PID 1 (systemd), checked to belong to this machine's launcher.
 * @param {string} name
 */
export function machineInitPid(name) {
  const m = path.join(TESTHOST_DIR, 'machines', name);
  let launcher;
  try { launcher = Number(fs.readFileSync(path.join(m, 'launcher.pid'), 'utf8')); } catch {
    throw new Error(`machine ${name} is not running (no ${m}/launcher.pid)`);
  }
  let children = '';
  try {
    const argv = fs.readFileSync(`/proc/${launcher}/cmdline`, 'utf8').split('\0');
    if (!argv.includes(m)) throw new Error('recycled pid');
    children = fs.readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8');
  } catch {
    throw new Error(`machine ${name} is not running (launcher ${launcher} is gone)`);
  }
  // launcher -> unshare -> PID 1 (the launcher outlives reboots; see machine-up.sh)
  const unshare = Number(children.trim().split(/\s+/)[0]);
  let init = 0;
  try { init = Number(fs.readFileSync(`/proc/${unshare}/task/${unshare}/children`, 'utf8').trim().split(/\s+/)[0]); } catch { /* gone */ }
  if (!unshare || !init) throw new Error(`machine ${name} has no PID 1 (rebooting?)`);
  return init;
}

/**
 * @typedef {{ input?: string, timeoutMs?: number, check?: boolean }} ExecOptions
 *   check (default true): reject when the command exits non-zero.
 */

/**
 * Run a command inside a machine (nsenter into its PID 1's mount, uts, ipc, net, pid and cgroup
 * namespaces and root), as root with a clean environment. A string runs via /bin/sh -c.
 * For assertions, and for breaking a machine on purpose (stop dockerd, change its host key, ...).
 * @param {string} name
 * @param {string | string[]} cmd
 * @param {ExecOptions} [opts]
 * @returns {Promise<RunResult>}
 */
export async function machineExec(name, cmd, opts = {}) {
  const init = machineInitPid(name);
  const argv = Array.isArray(cmd) ? cmd : ['/bin/sh', '-c', cmd];
  const r = await run('nsenter', [
    '-t', String(init), '-m', '-u', '-i', '-n', '-p', '-C', '-r', '-w', '--',
    '/usr/bin/env', '-i', `PATH=${MACHINE_PATH}`, 'HOME=/root', 'USER=root', 'LANG=C.UTF-8', 'TERM=dumb', ...argv,
  ], { input: opts.input, timeoutMs: opts.timeoutMs ?? 120_000 });
  if ((opts.check ?? true) && r.code !== 0) throw failure(`machineExec(${name}, ${JSON.stringify(cmd)})`, r);
  return r;
}

/**
 * Wait until dockerd inside the machine answers (`docker info`); returns its version.
 * @param {string} name @param {number} [timeoutMs]
 * @returns {Promise<string>}
 */
export async function waitForDocker(name, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await machineExec(name, ['docker', 'info', '--format', '{{.ServerVersion}}'], { check: false, timeoutMs: 20_000 });
    if (r.code === 0 && r.stdout.trim()) return r.stdout.trim();
    if (Date.now() > deadline) throw failure(`waitForDocker(${name})`, r);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/**
 * `docker import` the busybox-static rootfs inside the machine as BUSYBOX_IMAGE (berth-test/busybox:latest).
 * Run containers with it as `docker run --rm berth-test/busybox:latest echo hello` (bridge and -p work).
 * @param {string} name
 * @returns {Promise<string>} the image name
 */
export async function importBusybox(name) {
  await waitForDocker(name);
  await machineExec(name, ['docker', 'import', '--change', 'CMD ["/bin/sh"]', BUSYBOX_TAR_IN_MACHINE, BUSYBOX_IMAGE]);
  return BUSYBOX_IMAGE;
}

/**
 * ssh(1) arguments for a machine: `spawn('ssh', [...sshArgs(m, key), 'cmd'])`. Host keys are not checked
 * (each machine has fresh ones) and not recorded.
 * @param {{ ip: string, user?: string, sshPort?: number }} machine
 * @param {string} privateKeyPath
 * @returns {string[]}
 */
export function sshArgs(machine, privateKeyPath) {
  return [
    '-i', privateKeyPath, '-p', String(machine.sshPort ?? 22),
    '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', '-o', 'LogLevel=ERROR',
    `${machine.user ?? 'root'}@${machine.ip}`,
  ];
}
