// Generated from index.mjs (keep in sync): tsc --declaration --emitDeclarationOnly --allowJs --strict --module nodenext --moduleResolution nodenext --target es2022 --lib es2023 --types node --skipLibCheck --outDir /tmp/d testhosts/index.mjs
/**
 * Can namespace machines run here? Cheap checks (no machine is started), so tests can skip with a reason.
 * @returns {{ ok: boolean, reason: string, cgroup?: 'v1' | 'v2' }}
 */
export function isSupported(): {
    ok: boolean;
    reason: string;
    cgroup?: "v1" | "v2";
};
/**
 * Install the host packages the harness needs (apt-get; does nothing when all are present).
 * @returns {Promise<void>}
 */
export function ensureHostPackages(): Promise<void>;
/** Directory of the template that the current build-template.sh builds (it may not exist yet). */
export function templateDir(): string;
/**
 * Build the machine template, or reuse the cached one (first build ~70 s, ~500 MB; cached: instant).
 * Safe to call from concurrent processes (the script takes a lock).
 * @returns {Promise<Template>}
 */
export function ensureTemplate(): Promise<Template>;
/**
 * Make (or reuse) an ssh key pair without passphrase in `dir`.
 * @param {string} dir
 * @param {{ type?: 'ed25519' | 'rsa', comment?: string }} [opts]
 * @returns {Promise<{ privateKeyPath: string, publicKeyPath: string, publicKey: string }>}
 */
export function createTestKey(dir: string, opts?: {
    type?: "ed25519" | "rsa";
    comment?: string;
}): Promise<{
    privateKeyPath: string;
    publicKeyPath: string;
    publicKey: string;
}>;
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
export function startMachine(opts?: {
    name?: string;
    index?: number;
    authorizedKey?: string;
    timeoutMs?: number;
    hostKeyTypes?: ("ed25519" | "ecdsa" | "rsa")[];
}): Promise<Machine>;
/**
 * Stop a machine and remove all it had (processes, cgroups, netns, veth, slot, dirs). Idempotent.
 * @param {string} name
 * @returns {Promise<void>}
 */
export function stopMachine(name: string): Promise<void>;
/**
 * Is a machine left over: its owner process (the test process that started it) or its launcher is gone?
 * @param {string} name
 */
export function isStale(name: string): boolean;
/**
 * Stop every machine recorded under TESTHOST_DIR (for a global teardown), and drop slots whose machine
 * dir is gone. This includes machines of other processes that share TESTHOST_DIR, unless `staleOnly`:
 * then only machines whose owner process or launcher is gone (left by a crashed run: use it in a
 * global setup).
 * @param {{ staleOnly?: boolean }} [opts]
 * @returns {Promise<string[]>} names of the machines stopped
 */
export function stopAllMachines(opts?: {
    staleOnly?: boolean;
}): Promise<string[]>;
/**
 * Host PID of the machine's PID 1 (systemd), checked to belong to this machine's launcher.
 * @param {string} name
 */
export function machineInitPid(name: string): number;
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
export function machineExec(name: string, cmd: string | string[], opts?: ExecOptions): Promise<RunResult>;
/**
 * Wait until dockerd inside the machine answers (`docker info`); returns its version.
 * @param {string} name @param {number} [timeoutMs]
 * @returns {Promise<string>}
 */
export function waitForDocker(name: string, timeoutMs?: number): Promise<string>;
/**
 * `docker import` the busybox-static rootfs inside the machine as BUSYBOX_IMAGE (berth-test/busybox:latest).
 * Run containers with it as `docker run --rm berth-test/busybox:latest echo hello` (bridge and -p work).
 * @param {string} name
 * @returns {Promise<string>} the image name
 */
export function importBusybox(name: string): Promise<string>;
/**
 * ssh(1) arguments for a machine: `spawn('ssh', [...sshArgs(m, key), 'cmd'])`. Host keys are not checked
 * (each machine has fresh ones) and not recorded.
 * @param {{ ip: string, user?: string, sshPort?: number }} machine
 * @param {string} privateKeyPath
 * @returns {string[]}
 */
export function sshArgs(machine: {
    ip: string;
    user?: string;
    sshPort?: number;
}, privateKeyPath: string): string[];
/** State dir (machines/, slots/). Every user of the harness on one host should share it. */
export const TESTHOST_DIR: string;
/** Template cache dir (template-<hash>/). */
export const TESTHOST_CACHE: string;
/** Image name that importBusybox() gives the busybox-static rootfs inside a machine. */
export const BUSYBOX_IMAGE: "berth-test/busybox:latest";
/** Where every machine has the busybox rootfs tarball (for `docker import`). */
export const BUSYBOX_TAR_IN_MACHINE: "/opt/berth-test/busybox.tar";
export type RunResult = {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
};
export type RunOptions = {
    env?: NodeJS.ProcessEnv;
    input?: string;
    timeoutMs?: number;
    echoStderr?: boolean;
};
export type Machine = {
    name: string;
    /**
     * N: the machine is 10.200.N.1
     */
    index: number;
    /**
     * '10.200.N.1'
     */
    ip: string;
    /**
     * '10.200.N.254' (the host's side of the veth: serve files to the machine here)
     */
    hostIp: string;
    /**
     * 22
     */
    sshPort: number;
    /**
     * 'root'
     */
    user: string;
    launcherPid: number;
    /**
     * host PID of the machine's systemd (PID 1 inside)
     */
    initPid: number;
    /**
     * time machine-up.sh took until sshd answered
     */
    upSeconds: number;
    stop: () => Promise<void>;
    exec: (cmd: string | string[], opts?: ExecOptions) => Promise<RunResult>;
};
/**
 * check (default true): reject when the command exits non-zero.
 */
export type ExecOptions = {
    input?: string;
    timeoutMs?: number;
    check?: boolean;
};
export type Template = {
    rootfs: string;
    dir: string;
    busyboxTar: string;
    cached: boolean;
    seconds: number;
    buildSeconds: number | null;
};
