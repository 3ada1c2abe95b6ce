import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInteractiveShell, runRemoteCommand } from '../src/ssh/interactive-shell.js';
import type { TerminalInput } from '../src/ssh/interactive-shell.js';
import { createSSHFixture, startSshd, stopAllSshd } from './fixtures/ssh-server.js';
import type { SSHFixture, TestSshd } from './fixtures/ssh-server.js';

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

/** A PassThrough that pretends to be a TTY, recording raw-mode changes. */
function fakeTTY(): { stdin: PassThrough & TerminalInput; modes: boolean[] } {
  const modes: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw: false,
    setRawMode(mode: boolean) {
      modes.push(mode);
      stdin.isRaw = mode;
      return stdin;
    },
  });
  return { stdin, modes };
}

describe('interactive shell and streamed commands over ssh2', () => {
  let fixture: SSHFixture;
  let sshd: TestSshd;
  beforeEach(async () => {
    fixture = await createSSHFixture();
    sshd = await startSshd({ dir: fixture.dir, authorizedKeys: fixture.authorizedKeys });
  });
  afterEach(async () => {
    await stopAllSshd();
    await fixture.cleanup();
  });

  it('runs a login shell on an xterm PTY sized from the terminal and resolves to its exit code', async () => {
    const { stdin, modes } = fakeTTY();
    const stdout = collect();
    const stderr = collect();
    let resize: ((columns: number, rows: number) => void) | undefined;
    let unsubscribed = false;
    const shell = runInteractiveShell(fixture.target(sshd.port), {
      stdin,
      stdout: stdout.stream,
      stderr: stderr.stream,
      columns: 100,
      rows: 30,
      onResize: (listener) => {
        resize = listener;
        return () => {
          unsubscribed = true;
        };
      },
    });
    stdin.write('echo "term=$TERM size=$(stty size)"\n');
    await waitFor(() => stdout.text().includes('size=30 100'));
    resize?.(120, 40);
    await new Promise((r) => setTimeout(r, 200));
    stdin.write('echo "now=$(stty size)"; echo hi; exit 7\n');
    await expect(shell).resolves.toBe(7);
    expect(stdout.text()).toContain('term=xterm size=30 100');
    expect(stdout.text()).toContain('now=40 120');
    expect(stdout.text()).toMatch(/\bhi\r?\n/);
    expect(modes).toEqual([true, false]); // raw while the shell ran, restored after
    expect(unsubscribed).toBe(true);
    expect(stdin.readableFlowing).toBe(false); // we leave stdin paused, so the process can exit
  });

  it('falls back to 80x24 without a terminal size', async () => {
    const stdin = new PassThrough();
    const stdout = collect();
    const shell = runInteractiveShell(fixture.target(sshd.port), { stdin, stdout: stdout.stream, stderr: new PassThrough() });
    stdin.write('echo "size=$(stty size)"; exit 0\n');
    await expect(shell).resolves.toBe(0);
    expect(stdout.text()).toContain('size=24 80');
  });

  it('streams a command with stdin and stderr apart, resolving to its exit code', async () => {
    const stdin = new PassThrough();
    const stdout = collect();
    const stderr = collect();
    const run = runRemoteCommand(fixture.target(sshd.port), 'tr a-z A-Z; echo oops >&2; exit 5', { stdin, stdout: stdout.stream, stderr: stderr.stream });
    stdin.end('shout\n');
    await expect(run).resolves.toBe(5);
    expect(stdout.text()).toBe('SHOUT\n');
    expect(stderr.text()).toBe('oops\n');
  });

  it('sends EOF when there is no stdin, and can allocate a PTY', async () => {
    const stdout = collect();
    await expect(runRemoteCommand(fixture.target(sshd.port), 'cat; tty', { stdout: stdout.stream, stderr: new PassThrough() })).resolves.toBe(1);
    expect(stdout.text()).toBe('not a tty\n');
    const withPty = collect();
    await expect(runRemoteCommand(fixture.target(sshd.port), 'tty', { stdout: withPty.stream, stderr: new PassThrough(), pty: true })).resolves.toBe(0);
    expect(withPty.text()).toMatch(/^\/dev\/pts\/\d+/);
  });

  it('aborting closes the remote command', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted')), 300);
    await expect(
      runRemoteCommand(fixture.target(sshd.port), 'sleep 30', { stdout: new PassThrough(), stderr: new PassThrough(), signal: controller.signal }),
    ).rejects.toThrow('interrupted');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
