import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { normalizeCommandFlags, normalizeGlobalFlags, subcommandIndex } from './argv.js';
import type { CliContext } from './context.js';
import { buildProgram } from './program.js';
import { PROMPT_COMMANDS, parseFlagSpec } from './prompt-commands.js';
import { quickCommandLine } from './quick-parse.js';

const ctx = { programName: 'berth', stdout: () => {}, stderr: () => {} } as unknown as CliContext;

/** What commander hands the command's handler for this command line (the handler itself is not run). */
async function throughCommander(given: string[]): Promise<{ args: string[]; opts: Record<string, unknown> }> {
  let argv = normalizeGlobalFlags(given, 'berth');
  const at = subcommandIndex(argv);
  const program = buildProgram(ctx, 'test', argv[at]);
  let seen: { args: string[]; opts: Record<string, unknown> } | undefined;
  for (const name of Object.keys(PROMPT_COMMANDS)) {
    const command = program.commands.find((c) => c.name() === name) as Command;
    command.action((...params: unknown[]) => {
      const self = params[params.length - 1] as Command;
      seen = { args: self.args, opts: { ...self.opts() } };
    });
  }
  argv = normalizeCommandFlags(argv, at, program);
  await program.parseAsync(argv, { from: 'user' });
  if (!seen) throw new Error(`commander ran no prompt command for ${given.join(' ')}`);
  return seen;
}

const quick = (given: string[]) => quickCommandLine(normalizeGlobalFlags(given, 'berth'));

describe('quickCommandLine', () => {
  it.each([
    [['env', 'm1']],
    [['env']],
    [['env', 'm1', 'm2']],
    [['env', '--shell', 'fish', 'm1']],
    [['env', '--shell=powershell', 'm1']],
    [['env', '-shell', 'tcsh', 'm1']],
    [['env', 'm1', '--shell', 'cmd']],
    [['env', '-u']],
    [['env', '--unset', '--shell', 'fish']],
    [['env', '--no-proxy', 'm1']],
    [['env', '-no-proxy', '-swarm', 'm1']],
    [['env', '--swarm', '--swarm=false', 'm1']],
    [['env', '--shell', 'bash', '--shell', 'zsh', 'm1']],
    [['-s', '/tmp/store', 'env', 'm1']],
    [['--storage-path=/tmp/store', '-D', 'env', 'm1']],
    [['-storage-path', '/tmp/store', '--native-ssh', 'env', 'm1']],
    [['--tls-ca-cert', 'ca.pem', '--github-api-token', 't', 'env', 'm1']],
    [['ls']],
    [['ls', '-q']],
    [['ls', '-quiet', '--filter', 'driver=none', '--filter', 'state=Running']],
    [['ls', '--filter=name=m1']],
    [['ls', '-t', '3']],
    [['ls', '--timeout=7', '-f', '{{.Name}}']],
    [['ls', '-format', 'json']],
    [['ls', '--json']],
    [['ls', '-f', 'table {{.Name}}\t{{.URL}}']],
    [['active']],
    [['active', '-t', '2']],
    [['active', '-timeout=5']],
  ])('reads %j as commander does', async (given) => {
    const read = quick(given);
    expect(read).toBeDefined();
    const { args, opts } = read!;
    expect({ args, opts }).toEqual(await throughCommander(given));
  });

  it.each([
    [['env', '--help']],
    [['env', '-h', 'm1']],
    [['env', '--bogus', 'm1']],
    [['env', '-x', 'm1']],
    [['env', '--shell']],
    [['env', '--shell', '-u']],
    [['env', '--unset=maybe']],
    [['env', '--', 'm1']],
    [['env', '-', 'm1']],
    [['ls', 'extra']],
    [['ls', '--filter']],
    [['ls', '-qt', '3']],
    [['active', 'm1']],
    [['--help', 'env', 'm1']],
    [['-v', 'ls']],
    [['-s']],
    [['ssh', 'm1']],
    [['status', 'm1']],
    [['create', '-d', 'none', 'm1']],
    [[]],
  ])('leaves %j to the full program', (given) => {
    let argv: string[];
    try {
      argv = normalizeGlobalFlags(given, 'berth');
    } catch {
      return; // a usage error before any command is read: the full program never runs either
    }
    expect(quickCommandLine(argv)).toBeUndefined();
  });

  it('gives the handler of the command it read', async () => {
    const read = quick(['active']);
    expect(read?.name).toBe('active');
    expect(typeof (await read!.load()).run).toBe('function');
  });
});

describe('parseFlagSpec', () => {
  it.each([
    ['-u, --unset', {}, { long: 'unset', short: 'u', bool: true, key: 'unset', negated: false, repeatable: false }],
    ['--shell <shell>', {}, { long: 'shell', bool: false, key: 'shell', negated: false, repeatable: false }],
    ['--no-proxy', {}, { long: 'no-proxy', bool: true, key: 'proxy', negated: true, repeatable: false }],
    ['--client-certs', {}, { long: 'client-certs', bool: true, key: 'clientCerts', negated: false, repeatable: false }],
    ['--filter <filter>', { repeatable: true }, { long: 'filter', bool: false, key: 'filter', negated: false, repeatable: true }],
    ['-t, --timeout <seconds>', { default: '10' }, { long: 'timeout', short: 't', bool: false, key: 'timeout', negated: false, repeatable: false, default: '10' }],
  ])('reads %s', (flags, extra, expected) => {
    expect(parseFlagSpec({ flags, description: '', ...extra })).toEqual(expected);
  });

  it('refuses a spelling it cannot read', () => {
    expect(() => parseFlagSpec({ flags: '-u', description: '' })).toThrow(/cannot read/);
  });
});
