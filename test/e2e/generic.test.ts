// `berth create -d generic` against a real Debian namespace machine, then the everyday commands and
// the real docker CLI over TLS with what `berth env` / `berth config` print.
import { X509Certificate } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBusybox, machineExec, type Machine } from '../../testhosts/index.mjs';
import { DOCKER_BIN, World, isPlaceholder, parseConfigFlags, parseEnv, run, skipReason, unsupported } from './helpers.js';

describe.skipIf(unsupported)(`generic driver on a real host${unsupported ? ` (skipped: ${skipReason})` : ''}`, { timeout: 180_000 }, () => {
  const w = new World();
  let m: Machine;
  let serverVersion = '';

  beforeAll(async () => {
    await w.setup();
    m = await w.machine();
  }, 300_000);
  afterAll(() => w.teardown(), 60_000);

  it('create -d generic provisions the host', async () => {
    const r = await w.create(m, 'g1');
    expect(r.code, r.out).toBe(0);
    for (const line of [
      'Running pre-create checks...',
      'Creating machine...',
      'Waiting for SSH to be available...',
      'Detecting the provisioner...',
      'Provisioning with debian...',
      'Copying certs to the remote machine...',
      'Setting Docker configuration on the remote daemon...',
      'Checking connection to Docker...',
      'Docker is up and running!',
    ]) expect(r.stdout).toContain(line);
    expect(r.stdout).toContain('berth env g1');
    serverVersion = (await machineExec(m.name, "docker version --format '{{.Server.Version}}'")).stdout.trim();
    expect(serverVersion).not.toBe('');
  });

  it('the daemon runs with the TLS options berth wrote', async () => {
    const conf = (await machineExec(m.name, 'cat /etc/systemd/system/docker.service.d/10-machine.conf')).stdout;
    expect(conf).toContain('--tlsverify');
    expect(conf).toContain('/usr/sbin/dockerd');
    expect(conf).toContain('2376');
  });

  it('ls shows Running and the Docker version', async () => {
    const r = await w.berth(['ls']);
    expect(r.code, r.out).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('g1 '));
    expect(row, r.stdout).toBeDefined();
    expect(row).toMatch(/\bgeneric\s+Running\s+tcp:\/\/10\.200\.\d+\.1:2376\b/);
    expect(row).toContain(`v${serverVersion}`);
    // The next ls takes the URL the driver gave once dockerd there presents g1's server.pem: a
    // generic driver that cannot start changes nothing.
    const noDriver = await w.berth(['ls'], { env: { BERTH_DRIVER_GENERIC_PATH: join(w.dir, 'no-such-driver.js') } });
    expect(noDriver.stdout.split('\n').find((l) => l.startsWith('g1 '))).toBe(row);
  });

  it("ls and env resume the TLS session stored with dockerd (Go's TLS server), which holds no copy of the engine's certificate", async () => {
    // Only a full handshake writes the file, and each writes a new ticket: unchanged means resumed.
    const sessionPath = join(w.store, 'machines', 'g1', '.berth-tls-session');
    const stored = await readFile(sessionPath, 'utf8');
    const serverDER = new X509Certificate(await readFile(join(w.store, 'machines', 'g1', 'server.pem'))).raw;
    expect(Buffer.from((JSON.parse(stored) as { session: string }).session, 'base64').includes(serverDER)).toBe(false);
    for (let i = 0; i < 2; i++) {
      const r = await w.berth(['ls']);
      expect(r.stdout).toContain(`v${serverVersion}`);
    }
    expect(await readFile(sessionPath, 'utf8')).toBe(stored);
    // env checks that the engine at the cached URL is g1's (its server.pem): it stores a session made
    // with that engine, resumes it, and ls resumes it too.
    await rm(sessionPath);
    expect((await w.berth(['env', 'g1'])).code).toBe(0);
    const byEnv = await readFile(sessionPath, 'utf8');
    expect((await w.berth(['env', 'g1'])).code).toBe(0);
    expect((await w.berth(['ls'])).stdout).toContain(`v${serverVersion}`);
    expect(await readFile(sessionPath, 'utf8')).toBe(byEnv);
  });

  it('env + real docker CLI: version and a container over TLS', async () => {
    const r = await w.berth(['env', 'g1']);
    expect(r.code, r.out).toBe(0);
    const vars = parseEnv(r.stdout);
    expect(vars).toMatchObject({ DOCKER_TLS_VERIFY: '1', DOCKER_HOST: `tcp://${m.ip}:2376`, DOCKER_MACHINE_NAME: 'g1' });
    expect(vars.DOCKER_CERT_PATH).toBe(`${w.store}/machines/g1`);
    const env = w.env(vars);
    const v = await run(DOCKER_BIN, ['version', '--format', '{{.Server.Version}}'], { env });
    expect(v.code, v.out).toBe(0);
    expect(v.stdout.trim()).toBe(serverVersion);
    await importBusybox(m.name);
    const hello = await run(DOCKER_BIN, ['run', '--rm', 'berth-test/busybox:latest', 'echo', 'hello'], { env });
    expect(hello.code, hello.out).toBe(0);
    expect(hello.stdout.trim()).toBe('hello');
    // Without the client cert the engine refuses: it really is TLS-verified.
    const noCert = await run(DOCKER_BIN, ['-H', `tcp://${m.ip}:2376`, 'version'], { env: w.env(), timeoutMs: 30_000 });
    expect(noCert.code).not.toBe(0);
  });

  it('config works as docker $(berth config g1) info', async () => {
    const r = await w.berth(['config', 'g1']);
    expect(r.code, r.out).toBe(0);
    const flags = parseConfigFlags(r.stdout);
    expect(flags).toContain('--tlsverify');
    expect(flags).toContain(`-H=tcp://${m.ip}:2376`);
    const info = await run(DOCKER_BIN, [...flags, 'info', '--format', '{{.Name}} {{.ServerVersion}}'], { env: w.env() });
    expect(info.code, info.out).toBe(0);
    // The provisioner sets the host's hostname to the machine name, as docker-machine does.
    expect(info.stdout.trim()).toBe(`g1 ${serverVersion}`);
  });

  it('inspect -f, url, ip, status', async () => {
    const insp = await w.berth(['inspect', '-f', '{{.Driver.IPAddress}}', 'g1']);
    expect(insp.code, insp.out).toBe(0);
    expect(insp.stdout.trim()).toBe(m.ip);
    const url = await w.berth(['url', 'g1']);
    expect(url.stdout.trim(), url.out).toBe(`tcp://${m.ip}:2376`);
    const ip = await w.berth(['ip', 'g1']);
    expect(ip.stdout.trim(), ip.out).toBe(m.ip);
    const st = await w.berth(['status', 'g1']);
    expect(st.stdout.trim(), st.out).toBe('Running');
  });

  it('ssh g1 passes the remote exit code through', async (ctx) => {
    const r = await w.berth(['ssh', 'g1', 'exit 3'], { timeoutMs: 60_000 });
    if (isPlaceholder(r)) ctx.skip(); // `berth ssh` not landed in this build yet
    // docker-machine passes the remote command's exit status through.
    expect(r.code, r.out).toBe(3);
    const ok = await w.berth(['ssh', 'g1', 'echo', 'hi-from-$(hostname)'], { timeoutMs: 60_000 });
    expect(ok.code, ok.out).toBe(0);
    expect(ok.stdout.trim()).toBe("hi-from-g1"); // the provisioner set the hostname
  });

  it('restart g1 reboots the host and waits for its engine', async () => {
    // /run is a tmpfs systemd mounts at boot: the marker is gone only if the host really rebooted.
    // (The harness's launcher boots a namespace machine again when its systemd reboots.)
    await machineExec(m.name, 'touch /run/berth-e2e-before-restart');
    const r = await w.berth(['restart', 'g1'], { timeoutMs: 150_000 });
    expect(r.code, r.out).toBe(0);
    expect(r.stdout).toContain('Restarted machines may have new IP addresses. You may need to re-run the `berth env` command.');
    const marker = await machineExec(m.name, 'test -e /run/berth-e2e-before-restart && echo kept || echo gone');
    expect(marker.stdout.trim()).toBe('gone');
    const v = await w.berth(['version', 'g1']);
    expect(v.code, v.out).toBe(0);
    expect(v.stdout.trim()).toBe(serverVersion);
    const st = await w.berth(['status', 'g1']);
    expect(st.stdout.trim()).toBe('Running');
  });

  it('rm -y g1 removes the record and leaves the host running', async () => {
    const r = await w.berth(['rm', '-y', 'g1']);
    expect(r.code, r.out).toBe(0);
    expect(r.stdout).toContain('Successfully removed g1');
    const ls = await w.berth(['ls', '-q']);
    expect(ls.stdout.trim()).toBe('');
    const st = await w.berth(['status', 'g1']);
    expect(st.code).toBe(1);
    expect((await machineExec(m.name, 'systemctl is-active docker')).stdout.trim()).toBe('active');
  });

});
