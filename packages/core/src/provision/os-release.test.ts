import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeOs, idLike, parseOsRelease } from './os-release.js';

const fixturesDir = new URL('./fixtures/os-release/', import.meta.url);
const readFixture = (name: string): string => readFileSync(new URL(name, fixturesDir), 'utf8');

describe('parseOsRelease', () => {
  it('reads Debian 12', () => {
    expect(parseOsRelease(readFixture('debian-12'))).toEqual({
      PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
      NAME: 'Debian GNU/Linux',
      VERSION_ID: '12',
      VERSION: '12 (bookworm)',
      VERSION_CODENAME: 'bookworm',
      ID: 'debian',
      HOME_URL: 'https://www.debian.org/',
      SUPPORT_URL: 'https://www.debian.org/support',
      BUG_REPORT_URL: 'https://bugs.debian.org/',
    });
  });

  it.each([
    ['ubuntu-22.04', 'ubuntu', '22.04', 'debian', 'Ubuntu 22.04.4 LTS'],
    ['centos-7', 'centos', '7', 'rhel fedora', 'CentOS Linux 7 (Core)'],
    ['rocky-9', 'rocky', '9.3', 'rhel centos fedora', 'Rocky Linux 9.3 (Blue Onyx)'],
    ['fedora-39', 'fedora', '39', undefined, 'Fedora Linux 39 (Server Edition)'],
    ['amzn-2023', 'amzn', '2023', 'fedora', 'Amazon Linux 2023.3.20240219'],
    ['ol-8', 'ol', '8.9', 'fedora', 'Oracle Linux Server 8.9'],
    ['arch', 'arch', undefined, undefined, 'Arch Linux'],
    ['opensuse-leap-15', 'opensuse-leap', '15.5', 'suse opensuse', 'openSUSE Leap 15.5'],
    ['sles-15', 'sles', '15.5', 'suse', 'SUSE Linux Enterprise Server 15 SP5'],
    ['flatcar', 'flatcar', '3760.2.0', 'coreos', 'Flatcar Container Linux by Kinvolk 3760.2.0 (Oklo)'],
    ['boot2docker', 'boot2docker', '19.03.12', 'tcl', 'Boot2Docker 19.03.12 (TCL 10.1)'],
  ])('reads %s', (fixture, id, versionId, like, pretty) => {
    const os = parseOsRelease(readFixture(fixture));
    expect(os['ID']).toBe(id);
    expect(os['VERSION_ID']).toBe(versionId);
    expect(os['ID_LIKE']).toBe(like);
    expect(os['PRETTY_NAME']).toBe(pretty);
  });

  it('keeps values that contain "=" (docker-machine dropped the whole line)', () => {
    const os = parseOsRelease('HOME_URL="https://example.com/?a=b&c=d"\nEXTRA=x=y\n');
    expect(os).toEqual({ HOME_URL: 'https://example.com/?a=b&c=d', EXTRA: 'x=y' });
  });

  it('takes single-quoted values literally', () => {
    expect(parseOsRelease(readFixture('fedora-coreos-39'))['OSTREE_VERSION']).toBe('39.20240210.3.0');
    expect(parseOsRelease(`NAME='It\\'s "quoted" $HOME'`)).toEqual({ NAME: `It\\` });
    expect(parseOsRelease(`NAME='a "b" \\n $c'`)).toEqual({ NAME: 'a "b" \\n $c' });
  });

  it('unescapes \\ " $ and ` inside double quotes and keeps other backslashes', () => {
    expect(parseOsRelease('NAME="a \\"b\\" \\$c \\`d\\` e\\\\f \\n"')).toEqual({ NAME: 'a "b" $c `d` e\\f \\n' });
  });

  it('unescapes any character outside quotes', () => {
    expect(parseOsRelease('NAME=Linux\\ OS')).toEqual({ NAME: 'Linux OS' });
  });

  it('skips comments, blank lines, lines without "=" and invalid keys; handles CRLF and an unterminated quote', () => {
    const text = '# comment\r\n\r\nID=debian\r\nnonsense\r\n1BAD=x\r\n=x\r\n  VERSION_ID = "12"  \r\nNAME="Open\r\n';
    expect(parseOsRelease(text)).toEqual({ ID: 'debian', VERSION_ID: '12', NAME: 'Open' });
  });

  it('keeps empty values', () => {
    expect(parseOsRelease(readFixture('rancheros'))['ID_LIKE']).toBe('');
    expect(parseOsRelease('VERSION_CODENAME=""')).toEqual({ VERSION_CODENAME: '' });
  });

  it('every fixture has an ID', () => {
    for (const name of readdirSync(fixturesDir)) expect(parseOsRelease(readFixture(name))['ID'], name).toBeTruthy();
  });
});

describe('describeOs and idLike', () => {
  it('prefers PRETTY_NAME, then NAME, then ID', () => {
    expect(describeOs({ PRETTY_NAME: 'P', NAME: 'N', ID: 'i' })).toBe('P');
    expect(describeOs({ NAME: 'N', ID: 'i' })).toBe('N');
    expect(describeOs({ ID: 'i' })).toBe('i');
    expect(describeOs({})).toBe('unknown');
  });

  it('splits ID_LIKE on whitespace', () => {
    expect(idLike({ ID_LIKE: ' rhel  centos fedora ' })).toEqual(['rhel', 'centos', 'fedora']);
    expect(idLike({})).toEqual([]);
  });
});
