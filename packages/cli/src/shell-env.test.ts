import { describe, expect, it } from 'vitest';
import { detectShell, formatCommandLine, noProxyVariable, renderEnv, UnknownShellError } from './shell-env.js';

const SET: Array<[string, string]> = [
  ['DOCKER_TLS_VERIFY', '1'],
  ['DOCKER_HOST', 'tcp://192.168.99.100:2376'],
  ['DOCKER_CERT_PATH', '/Users/me/.docker/machine/machines/dev'],
  ['DOCKER_MACHINE_NAME', 'dev'],
];
const UNSET = ['DOCKER_TLS_VERIFY', 'DOCKER_HOST', 'DOCKER_CERT_PATH', 'DOCKER_MACHINE_NAME', 'NO_PROXY'];

describe('renderEnv', () => {
  it('matches the bash example of reference §1.6 byte for byte', () => {
    expect(renderEnv({ shell: 'bash', set: SET }, 'docker-machine env dev')).toBe(
      'export DOCKER_TLS_VERIFY="1"\n' +
        'export DOCKER_HOST="tcp://192.168.99.100:2376"\n' +
        'export DOCKER_CERT_PATH="/Users/me/.docker/machine/machines/dev"\n' +
        'export DOCKER_MACHINE_NAME="dev"\n' +
        '# Run this command to configure your shell: \n' +
        '# eval $(docker-machine env dev)\n',
    );
  });

  it.each([
    ['bash', 'export A="1 2"\nexport B=""\n# Run this command to configure your shell: \n# eval $(berth env dev)\n'],
    ['zsh', 'export A="1 2"\nexport B=""\n# Run this command to configure your shell: \n# eval $(berth env dev)\n'],
    ['sh', 'export A="1 2"\nexport B=""\n# Run this command to configure your shell: \n# eval $(berth env dev)\n'],
    ['nushell', 'export A="1 2"\nexport B=""\n# Run this command to configure your shell: \n# eval $(berth env dev)\n'],
    ['fish', 'set -gx A "1 2";\nset -gx B "";\n# Run this command to configure your shell: \n# eval (berth env dev)\n'],
    ['powershell', '$Env:A = "1 2"\n$Env:B = ""\n# Run this command to configure your shell: \n# & berth env dev | Invoke-Expression\n'],
    ['cmd', 'SET A=1 2\nSET B=\nREM Run this command to configure your shell: \nREM \t@FOR /f "tokens=*" %i IN (\'berth env dev\') DO @%i\n'],
    ['tcsh', 'setenv A "1 2";\nsetenv B "";\n: Run this command to configure your shell: \n: eval `berth env dev`\n'],
    ['emacs', '(setenv "A" "1 2")\n(setenv "B" "")\n;; Run this command to configure your shell: \n;; (with-temp-buffer (shell-command "berth env dev" (current-buffer)) (eval-buffer))\n'],
  ])('sets variables for %s', (shell, expected) => {
    expect(renderEnv({ shell, set: [['A', '1 2'], ['B', '']] }, 'berth env dev')).toBe(expected);
  });

  it.each([
    ['bash', 'unset A\nunset NO_PROXY\n# Run this command to configure your shell: \n# eval $(berth env -u)\n'],
    ['zsh', 'unset A\nunset NO_PROXY\n# Run this command to configure your shell: \n# eval $(berth env -u)\n'],
    ['fish', 'set -e A;\nset -e NO_PROXY;\n# Run this command to configure your shell: \n# eval (berth env -u)\n'],
    ['powershell', 'Remove-Item Env:\\\\A\nRemove-Item Env:\\\\NO_PROXY\n# Run this command to configure your shell: \n# & berth env -u | Invoke-Expression\n'],
    ['cmd', 'SET A=\nSET NO_PROXY=\nREM Run this command to configure your shell: \nREM \t@FOR /f "tokens=*" %i IN (\'berth env -u\') DO @%i\n'],
    ['tcsh', 'unsetenv A;\nunsetenv NO_PROXY;\n: Run this command to configure your shell: \n: eval `berth env -u`\n'],
    ['emacs', '(setenv "A" nil)\n(setenv "NO_PROXY" nil)\n;; Run this command to configure your shell: \n;; (with-temp-buffer (shell-command "berth env -u" (current-buffer)) (eval-buffer))\n'],
  ])('unsets variables by name for %s', (shell, expected) => {
    expect(renderEnv({ shell, unset: ['A', 'NO_PROXY'] }, 'berth env -u')).toBe(expected);
  });

  it('writes two literal backslashes in PowerShell unset lines', () => {
    const line = renderEnv({ shell: 'powershell', unset: ['DOCKER_HOST'] }, 'berth env -u').split('\n')[0];
    expect(line).toBe(String.raw`Remove-Item Env:\\DOCKER_HOST`);
  });

  it('unsets the no-proxy variable by its name only, fixing docker-machine\'s `unset NO_PROXY<value>`', () => {
    const [name] = noProxyVariable({ NO_PROXY: 'localhost,10.0.0.1' }, '192.168.99.100');
    const output = renderEnv({ shell: 'bash', unset: [...UNSET.slice(0, 4), name] }, 'berth env -u --no-proxy');
    expect(output.split('\n')).toEqual([
      'unset DOCKER_TLS_VERIFY',
      'unset DOCKER_HOST',
      'unset DOCKER_CERT_PATH',
      'unset DOCKER_MACHINE_NAME',
      'unset NO_PROXY',
      '# Run this command to configure your shell: ',
      '# eval $(berth env -u --no-proxy)',
      '',
    ]);
  });

  it('does not escape values', () => {
    expect(renderEnv({ shell: 'bash', set: [['X', 'a"$b']] }, 'b')).toBe('export X="a"$b"\n# Run this command to configure your shell: \n# eval $(b)\n');
  });
});

describe('formatCommandLine', () => {
  it('joins argv with spaces', () => {
    expect(formatCommandLine(['berth', 'env', '--shell', 'fish', 'dev'])).toBe('berth env --shell fish dev');
  });

  it('double-quotes argv[0] only, when it has a space or a backslash', () => {
    expect(formatCommandLine(['C:\\Program Files\\berth.exe', 'env', 'a b'])).toBe('"C:\\Program Files\\berth.exe" env a b');
    expect(formatCommandLine(['C:\\berth.exe', 'env'])).toBe('"C:\\berth.exe" env');
    expect(formatCommandLine(['/opt/my tools/berth', 'env'])).toBe('"/opt/my tools/berth" env');
    expect(formatCommandLine([])).toBe('');
  });
});

describe('detectShell', () => {
  it('uses the basename of $SHELL on Unix', () => {
    expect(detectShell({ SHELL: '/bin/bash' }, 'linux')).toBe('bash');
    expect(detectShell({ SHELL: '/usr/local/bin/fish' }, 'darwin')).toBe('fish');
    expect(detectShell({ SHELL: 'zsh' }, 'linux')).toBe('zsh');
  });

  it('throws UnknownShellError when $SHELL is empty or unset on Unix', () => {
    expect(() => detectShell({}, 'linux')).toThrow(UnknownShellError);
    expect(() => detectShell({ SHELL: '' }, 'darwin')).toThrow('Unknown shell');
  });

  it('on Windows prefers fish inside fish, else the basename of $SHELL', () => {
    expect(detectShell({ SHELL: 'C:\\msys64\\usr\\bin\\bash', __fish_bin_dir: 'C:\\fish\\bin' }, 'win32')).toBe('fish');
    expect(detectShell({ SHELL: 'C:\\msys64\\usr\\bin\\bash' }, 'win32')).toBe('bash');
    expect(detectShell({ SHELL: '/usr/bin/zsh' }, 'win32')).toBe('zsh');
  });

  it('on Windows without $SHELL picks powershell when PSModulePath is set, else cmd', () => {
    expect(detectShell({ PSModulePath: 'C:\\Modules' }, 'win32')).toBe('powershell');
    expect(detectShell({}, 'win32')).toBe('cmd');
  });
});

describe('noProxyVariable', () => {
  it('uses no_proxy when the lower-case variable is non-empty', () => {
    expect(noProxyVariable({ no_proxy: 'localhost', NO_PROXY: 'other' }, '10.0.0.5')).toEqual(['no_proxy', 'localhost,10.0.0.5']);
  });

  it('falls back to NO_PROXY and appends the IP after a comma', () => {
    expect(noProxyVariable({ no_proxy: '', NO_PROXY: 'localhost' }, '10.0.0.5')).toEqual(['NO_PROXY', 'localhost,10.0.0.5']);
  });

  it('uses just the IP when the variable is empty or unset', () => {
    expect(noProxyVariable({}, '10.0.0.5')).toEqual(['NO_PROXY', '10.0.0.5']);
    expect(noProxyVariable({ NO_PROXY: '' }, '10.0.0.5')).toEqual(['NO_PROXY', '10.0.0.5']);
  });

  it('leaves the value unchanged when the IP already occurs in it (as a substring, like docker-machine)', () => {
    expect(noProxyVariable({ NO_PROXY: 'a,10.0.0.5,b' }, '10.0.0.5')).toEqual(['NO_PROXY', 'a,10.0.0.5,b']);
    expect(noProxyVariable({ NO_PROXY: '10.0.0.55' }, '10.0.0.5')).toEqual(['NO_PROXY', '10.0.0.55']);
  });
});
