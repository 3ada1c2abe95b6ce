import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { goFlagSyntax, normalizeCommandFlags, normalizeGlobalFlags, subcommandIndex, type KnownFlag } from './argv.js';
import { buildProgram } from './program.js';
import type { CliContext } from './context.js';

const LS: KnownFlag[] = [
  { long: 'quiet', short: 'q', bool: true },
  { long: 'format', short: 'f', bool: false },
  { long: 'filter', bool: false },
  { short: 'y', bool: true },
  { long: 'no-proxy', bool: true },
];
const rewrite = (args: string[]) => goFlagSyntax(args, 0, LS, { stopAtArgument: false, help: 'berth ls --help' }).argv;

describe('goFlagSyntax (Go flag syntax as commander reads it)', () => {
  it.each([
    [['-quiet'], ['--quiet']],
    [['--quiet', '-q'], ['--quiet', '-q']],
    [['--q'], ['-q']],
    [['--y', '-y'], ['-y', '-y']],
    [['-no-proxy'], ['--no-proxy']],
    [['-format', '{{.Name}}'], ['--format', '{{.Name}}']],
    [['-format={{.Name}}'], ['--format={{.Name}}']],
    [['-f=json'], ['--format=json']],
    [['-f', '-quiet'], ['-f', '-quiet']],
    [['-filter', 'a=b', 'name'], ['--filter', 'a=b', 'name']],
    [['name', '-quiet'], ['name', '--quiet']],
    [['-quiet=true'], ['--quiet']],
    [['--quiet=1', '-y=T'], ['--quiet', '-y']],
    [['--quiet=false'], []],
    [['-q', '--quiet', '-quiet=0'], []],
    [['-y', '--quiet=f'], ['-y']],
    [['--', '-bogus', '-quiet'], ['--', '-bogus', '-quiet']],
    [['-'], ['-']],
  ])('%j → %j', (given, expected) => {
    expect(rewrite(given)).toEqual(expected);
  });

  it.each([
    [['-quit'], 'Incorrect Usage: flag provided but not defined: -quit. See \'berth ls --help\'.'],
    // Go does not bundle one-letter flags: -qf is one flag named "qf", not -q -f.
    [['-qf'], 'Incorrect Usage: flag provided but not defined: -qf. See \'berth ls --help\'.'],
    [['--bogus=1'], 'Incorrect Usage: flag provided but not defined: --bogus. See \'berth ls --help\'.'],
    [['-z'], 'Incorrect Usage: flag provided but not defined: -z. See \'berth ls --help\'.'],
    [['--quiet=maybe'], 'Incorrect Usage: invalid boolean value "maybe" for --quiet: use true or false. See \'berth ls --help\'.'],
  ])('%j is refused naming the flag', (given, message) => {
    expect(() => rewrite(given)).toThrow(message);
  });

  it('stops at the first argument when asked, and says where', () => {
    const result = goFlagSyntax(['-quiet', 'ls', '-bogus'], 0, LS, { stopAtArgument: true, help: 'x' });
    expect(result).toEqual({ argv: ['--quiet', 'ls', '-bogus'], end: 1 });
  });
});

describe('normalizeGlobalFlags', () => {
  it.each([
    [['-debug', '-storage-path', 'S', 'ls', '-quiet'], ['--debug', '--storage-path', 'S', 'ls', '-quiet']],
    [['-s=S', 'ls'], ['--storage-path=S', 'ls']],
    [['--debug=false', '-native-ssh=true', 'env'], ['--native-ssh', 'env']],
    [['-version'], ['--version']],
    [['-tls-ca-cert', '-x', 'create'], ['--tls-ca-cert', '-x', 'create']],
  ])('%j → %j', (given, expected) => {
    expect(normalizeGlobalFlags(given, 'berth')).toEqual(expected);
  });

  it('an unknown global flag points at the program\'s help, not the sub-command\'s', () => {
    expect(() => normalizeGlobalFlags(['-s', 'S', '--bogus', 'ls'], 'berth'))
      .toThrow("Incorrect Usage: flag provided but not defined: --bogus. See 'berth --help'.");
  });

  it('after it the sub-command is found', () => {
    expect(subcommandIndex(normalizeGlobalFlags(['-storage-path', 'S', 'ls'], 'berth'))).toBe(2);
  });
});

describe('normalizeCommandFlags', () => {
  const ctx = { programName: 'berth', stdout: () => {}, stderr: () => {} } as unknown as CliContext;
  const normalize = (argv: string[]) => normalizeCommandFlags(argv, subcommandIndex(argv), buildProgram(ctx, 'test', argv[subcommandIndex(argv)]));

  it.each([
    [['-s', 'S', 'ls', '-quiet', '-filter', 'driver=none'], ['-s', 'S', 'ls', '--quiet', '--filter', 'driver=none']],
    [['inspect', '-format', '{{.DriverName}}', 'm1'], ['inspect', '--format', '{{.DriverName}}', 'm1']],
    [['env', '-shell', 'fish', 'dev', '-no-proxy'], ['env', '--shell', 'fish', 'dev', '--no-proxy']],
    [['rm', '-y', '-f=true', 'm1'], ['rm', '-y', '-f', 'm1']],
    [['rm', '-force=false', 'm1'], ['rm', 'm1']],
    [['create', '-d', 'none', '-swarm=true', '-swarm-master=false', 'm1'], ['create', '-d', 'none', '--swarm', 'm1']],
    [['driver', 'ls', '-quiet'], ['driver', 'ls', '--quiet']],
    // ssh passes everything after the name to ssh; unknown commands are commander's to report.
    [['ssh', 'm1', '-quiet', '-L', '1:2'], ['ssh', 'm1', '-quiet', '-L', '1:2']],
    [['bogus', '-quiet'], ['bogus', '-quiet']],
    [['help', 'ls'], ['help', 'ls']],
  ])('%j → %j', (given, expected) => {
    expect(normalize(given)).toEqual(expected);
  });

  it('an unknown flag names itself and the sub-command\'s help', () => {
    expect(() => normalize(['ls', '-quiet', '-uiet'])).toThrow("flag provided but not defined: -uiet. See 'berth ls --help'.");
    expect(() => normalize(['driver', 'ls', '-bogus'])).toThrow("flag provided but not defined: -bogus. See 'berth driver ls --help'.");
  });

  it('knows the flags a driver added to create', () => {
    const program = buildProgram(ctx, 'test', 'create');
    const create = program.commands.find((c) => c.name() === 'create') as Command;
    create.option('--url <value>', 'URL of host');
    expect(normalizeCommandFlags(['create', '-url', 'tcp://h:1', 'm1'], 0, program)).toEqual(['create', '--url', 'tcp://h:1', 'm1']);
  });
});

describe('the global flag table', () => {
  it('matches the options program.ts gives commander', () => {
    const ctx = { programName: 'berth' } as unknown as CliContext;
    const program = buildProgram(ctx, 'test', 'ls');
    for (const option of program.options) {
      const spelled = option.long ?? option.short ?? '';
      const takesValue = option.required || option.optional;
      const argv = takesValue ? [spelled, 'V', 'ls'] : [spelled, 'ls'];
      expect(subcommandIndex(normalizeGlobalFlags(argv, 'berth')), spelled).toBe(argv.length - 1);
    }
  });
});
