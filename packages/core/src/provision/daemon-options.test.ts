import { describe, expect, it } from 'vitest';
import { boot2dockerProfile, coreOSDropIn, dockerOptsFile, engineLabels, renderDaemonOptions, systemdDropIn, type DaemonOptionsInput } from './daemon-options.js';

const etcDocker = {
  CaCertRemotePath: '/etc/docker/ca.pem',
  ServerCertRemotePath: '/etc/docker/server.pem',
  ServerKeyRemotePath: '/etc/docker/server-key.pem',
};
const emptyEngine = { StorageDriver: 'overlay2', Labels: [], InsecureRegistry: [], RegistryMirror: [], ArbitraryFlags: [], Env: [] };

function input(overrides: Partial<DaemonOptionsInput> = {}, engine: Partial<DaemonOptionsInput['engine']> = {}): DaemonOptionsInput {
  return {
    engine: { ...emptyEngine, ...engine },
    auth: etcDocker,
    driverName: 'amazonec2',
    enginePort: 2376,
    daemonCommand: ['/usr/bin/dockerd'],
    ...overrides,
  };
}

describe('systemdDropIn', () => {
  it('is byte-identical to the reference §6.4 example', () => {
    expect(systemdDropIn(input())).toBe(
      '[Service]\n' +
        'ExecStart=\n' +
        'ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2376 -H unix:///var/run/docker.sock --storage-driver overlay2 --tlsverify --tlscacert /etc/docker/ca.pem --tlscert /etc/docker/server.pem --tlskey /etc/docker/server-key.pem --label provider=amazonec2 \n' +
        'Environment=\n',
    );
  });

  it('uses the dockerd found on the machine and the port of the engine URL', () => {
    const text = systemdDropIn(input({ daemonCommand: ['/usr/sbin/dockerd'], enginePort: 2380, driverName: 'generic' }));
    expect(text).toContain('ExecStart=/usr/sbin/dockerd -H tcp://0.0.0.0:2380 -H unix:///var/run/docker.sock ');
    expect(text).toContain('--label provider=generic \n');
  });

  it('runs `docker daemon` for engines before 1.12', () => {
    expect(systemdDropIn(input({ daemonCommand: ['/usr/bin/docker', 'daemon'] }))).toContain('ExecStart=/usr/bin/docker daemon -H tcp://');
  });

  it('keeps the token order: sockets, storage, TLS, labels, insecure registries, mirrors, arbitrary flags; then Environment', () => {
    const text = systemdDropIn(
      input({}, {
        StorageDriver: 'devicemapper',
        Labels: ['env=prod', 'team=web'],
        InsecureRegistry: ['10.0.0.1:5000'],
        RegistryMirror: ['https://mirror.example.com'],
        ArbitraryFlags: ['log-level=debug', 'experimental'],
        Env: ['HTTP_PROXY=http://proxy:3128', 'NO_PROXY=localhost'],
      }),
    );
    expect(text).toBe(
      '[Service]\n' +
        'ExecStart=\n' +
        'ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2376 -H unix:///var/run/docker.sock --storage-driver devicemapper --tlsverify --tlscacert /etc/docker/ca.pem --tlscert /etc/docker/server.pem --tlskey /etc/docker/server-key.pem ' +
        '--label env=prod --label team=web --label provider=amazonec2 --insecure-registry 10.0.0.1:5000 --registry-mirror https://mirror.example.com --log-level=debug --experimental \n' +
        'Environment=HTTP_PROXY=http://proxy:3128 NO_PROXY=localhost \n',
    );
  });

  it('does not add the provider label a second time when re-provisioning', () => {
    expect(engineLabels(['a=b', 'provider=amazonec2'], 'amazonec2')).toEqual(['a=b', 'provider=amazonec2']);
    expect(engineLabels(null, 'generic')).toEqual(['provider=generic']);
    expect(systemdDropIn(input({}, { Labels: ['provider=amazonec2'] })).match(/provider=/g)).toHaveLength(1);
  });

  it('quotes values for systemd instead of breaking the unit', () => {
    const text = systemdDropIn(
      input({}, {
        Labels: ['description=my web box', 'quote="x"'],
        ArbitraryFlags: ['default-ulimit=nofile=1024:2048', 'dns-search=a;b'],
        Env: ['HTTP_PROXY=http://user:p%40ss@proxy:3128', 'GREETING=hello world', 'PRICE=$5'],
      }),
    );
    expect(text).toContain('--label "description=my web box" --label "quote=\\"x\\"" ');
    expect(text).toContain('--default-ulimit=nofile=1024:2048 "--dns-search=a;b" \n');
    // % is a specifier everywhere; $ expands only in ExecStart=, so it stays single in Environment=.
    expect(text).toContain('Environment=HTTP_PROXY=http://user:p%%40ss@proxy:3128 "GREETING=hello world" PRICE=$5 \n');
    expect(systemdDropIn(input({}, { Labels: ['cost=$HOME'] }))).toContain('--label cost=$$HOME ');
  });
});

describe('coreOSDropIn', () => {
  it('has the CoreOS layout: TMPDIR, --host= sockets, no storage driver, the DOCKER_OPT* variables', () => {
    expect(coreOSDropIn(input({ daemonCommand: ['/usr/bin/dockerd'], driverName: 'generic' }, { Env: ['A=b'] }))).toBe(
      '[Service]\n' +
        'Environment=TMPDIR=/var/tmp\n' +
        'ExecStart=\n' +
        'ExecStart=/usr/bin/dockerd --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2376 --tlsverify --tlscacert /etc/docker/ca.pem --tlscert /etc/docker/server.pem --tlskey /etc/docker/server-key.pem --label provider=generic $DOCKER_OPTS $DOCKER_OPT_BIP $DOCKER_OPT_MTU $DOCKER_OPT_IPMASQ\n' +
        'Environment=A=b \n',
    );
  });

  it('defaults to /usr/lib/coreos/dockerd', () => {
    const { daemonCommand: _ignored, ...rest } = input();
    expect(coreOSDropIn(rest)).toContain('ExecStart=/usr/lib/coreos/dockerd --host=');
  });
});

describe('dockerOptsFile', () => {
  it('writes DOCKER_OPTS one token group per line, then the exports', () => {
    expect(dockerOptsFile(input({ driverName: 'virtualbox' }, { StorageDriver: 'aufs', InsecureRegistry: ['r:5000'], Env: ['HTTP_PROXY=http://p:3128'] }))).toBe(
      '\n' +
        "DOCKER_OPTS='\n" +
        '-H tcp://0.0.0.0:2376\n' +
        '-H unix:///var/run/docker.sock\n' +
        '--storage-driver aufs\n' +
        '--tlsverify\n' +
        '--tlscacert /etc/docker/ca.pem\n' +
        '--tlscert /etc/docker/server.pem\n' +
        '--tlskey /etc/docker/server-key.pem\n' +
        '--label provider=virtualbox\n' +
        '--insecure-registry r:5000\n' +
        '\n' +
        "'\n" +
        'export "HTTP_PROXY=http://p:3128"\n' +
        '\n',
    );
  });

  it('keeps the file valid shell when a value holds a quote or a $', () => {
    const text = dockerOptsFile(input({}, { Labels: ["owner=o'brien"], Env: ['A="$x"'] }));
    expect(text).toContain("--label owner=o'\\''brien\n");
    expect(text).toContain('export "A=\\"\\$x\\""\n');
  });
});

describe('boot2dockerProfile', () => {
  it('matches docker-machine\'s profile', () => {
    expect(
      boot2dockerProfile(
        input(
          {
            driverName: 'virtualbox',
            auth: {
              CaCertRemotePath: '/var/lib/boot2docker/ca.pem',
              ServerCertRemotePath: '/var/lib/boot2docker/server.pem',
              ServerKeyRemotePath: '/var/lib/boot2docker/server-key.pem',
            },
          },
          { StorageDriver: 'overlay2', ArbitraryFlags: ['iptables=false'], Env: ['NO_PROXY=192.168.99.100'] },
        ),
      ),
    ).toBe(
      '\n' +
        "EXTRA_ARGS='\n" +
        '--label provider=virtualbox\n' +
        '--iptables=false\n' +
        '\n' +
        "'\n" +
        'CACERT=/var/lib/boot2docker/ca.pem\n' +
        "DOCKER_HOST='-H tcp://0.0.0.0:2376'\n" +
        'DOCKER_STORAGE=overlay2\n' +
        'DOCKER_TLS=auto\n' +
        'SERVERKEY=/var/lib/boot2docker/server-key.pem\n' +
        'SERVERCERT=/var/lib/boot2docker/server.pem\n' +
        '\n' +
        'export "NO_PROXY=192.168.99.100"\n' +
        '\n',
    );
  });
});

describe('renderDaemonOptions', () => {
  it('picks the renderer by format', () => {
    const i = input();
    expect(renderDaemonOptions('systemd', i)).toBe(systemdDropIn(i));
    expect(renderDaemonOptions('coreos', i)).toBe(coreOSDropIn(i));
    expect(renderDaemonOptions('docker-opts', i)).toBe(dockerOptsFile(i));
    expect(renderDaemonOptions('boot2docker', i)).toBe(boot2dockerProfile(i));
  });
});
