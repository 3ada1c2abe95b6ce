import { CommanderError } from 'commander';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CliContext } from '../context.js';
import { ExitStatus } from '../exit-status.js';
import { buildProgram } from '../program.js';
import { renderError } from '../render-error.js';

const calls = vi.hoisted(() => [] as Array<{ command: string; args: string[]; opts: Record<string, unknown> }>);
vi.mock('./ssh.js', () => ({ run: async (_ctx: unknown, args: string[], opts: Record<string, unknown>) => void calls.push({ command: 'ssh', args, opts }) }));
vi.mock('./scp.js', () => ({ run: async (_ctx: unknown, args: string[], opts: Record<string, unknown>) => void calls.push({ command: 'scp', args, opts }) }));
vi.mock('./mount.js', () => ({ run: async (_ctx: unknown, args: string[], opts: Record<string, unknown>) => void calls.push({ command: 'mount', args, opts }) }));

function fakeContext(out: string[]): CliContext {
  return { programName: 'berth', stdout: (s: string) => void out.push(s), stderr: (s: string) => void out.push(s) } as unknown as CliContext;
}

async function parse(argv: string[], out: string[] = []): Promise<void> {
  await buildProgram(fakeContext(out), '0.0.0').parseAsync(argv, { from: 'user' });
}

beforeEach(() => {
  calls.length = 0;
});

describe('ssh registration', () => {
  it('passes the remote command through untouched, its flags included', async () => {
    await parse(['ssh', 'dev', 'ls', '-la', '--', '-h']);
    expect(calls).toEqual([{ command: 'ssh', args: ['dev', 'ls', '-la', '--', '-h'], opts: {} }]);
  });

  it('keeps --replace-host-key before the name as an argument', async () => {
    await parse(['ssh', '--replace-host-key', 'dev', 'uptime']);
    expect(calls[0]?.args).toEqual(['--replace-host-key', 'dev', 'uptime']);
  });

  it.each([['-h'], ['-help'], ['--help']])('prints help for a first argument %s and connects to nothing', async (flag) => {
    const out: string[] = [];
    await expect(parse(['ssh', flag], out)).rejects.toMatchObject({ code: 'commander.help' });
    expect(out.join('')).toContain('Usage: berth ssh [--replace-host-key] [NAME] [COMMAND...]');
    expect(calls).toEqual([]);
  });
});

describe('scp and mount registration', () => {
  it('reads scp flags before the operands', async () => {
    await parse(['scp', '-r', '-d', '-q', 'dev:/a', 'b']);
    expect(calls).toEqual([{ command: 'scp', args: ['dev:/a', 'b'], opts: { recursive: true, delta: true, quiet: true } }]);
  });

  it('reads mount -u', async () => {
    await parse(['mount', '-u', 'dev:/srv', '/mnt']);
    expect(calls).toEqual([{ command: 'mount', args: ['dev:/srv', '/mnt'], opts: { unmount: true } }]);
  });
});

describe('ExitStatus rendering', () => {
  it('exits with the passed status and prints nothing (the program printed its own errors)', () => {
    expect(renderError(new ExitStatus(3, 'ssh dev'), { debug: false, programName: 'berth', argv: ['ssh', 'dev'] })).toEqual({ text: '', exitCode: 3 });
  });

  it('is not mistaken for a commander error', () => {
    expect(new ExitStatus(1, 'scp')).not.toBeInstanceOf(CommanderError);
  });
});
