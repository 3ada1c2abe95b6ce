// `berth ls` end to end (reference §1.7, §8.2): the table byte for byte, filters, formats, timeouts.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deadPort, startHangingServer, storeWithEngine } from './helpers/fake-engine.js';
import { goTable, LS_HEADER } from './helpers/go-table.js';
import { cleanup, createNone, newStore, runBerth, STACK_LINE } from './helpers/run-berth.js';

afterEach(cleanup);

/** A `none` machine named `hung` whose engine accepts connections and never answers. */
async function addHungMachine(store: string): Promise<void> {
  const hung = await startHangingServer();
  await createNone(store, 'hung', hung.url);
}

const refused = (port: number) =>
  `Unable to query docker version: Get https://127.0.0.1:${port}/version: dial tcp 127.0.0.1:${port}: connect: connection refused`;

describe('ls table', () => {
  it('an empty (even missing) store prints just the header', async () => {
    const store = await newStore();
    const r = await runBerth(['ls'], { store });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('NAME   ACTIVE   DRIVER   STATE   URL   SWARM   DOCKER   ERRORS\n');
    expect(r.stderr).toBe('');
  });

  it('shows v24.0.7 from the running engine, aligned like Go tabwriter (minwidth 5, padding 3)', async () => {
    const { store, engine } = await storeWithEngine('m1');
    expect(String(engine.port)).toHaveLength(5); // Linux ephemeral ports: the literal below assumes 5 digits
    const r = await runBerth(['ls'], { store });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'NAME   ACTIVE   DRIVER   STATE     URL                     SWARM   DOCKER    ERRORS\n' +
        `m1     -        none     Running   ${engine.url}           v24.0.7   \n`,
    );
    expect(engine.requests.some((q) => q.path.endsWith('/version') && q.authorized)).toBe(true);
  });

  it('the next ls takes the URL the driver gave and starts no driver while the engine there answers; else it asks the driver', async () => {
    const { store, engine } = await storeWithEngine('m1');
    const row = goTable([[...LS_HEADER], ['m1', '-', 'none', 'Running', engine.url, '', 'v24.0.7', '']]);
    expect((await runBerth(['ls'], { store })).stdout).toBe(row);
    // A none driver that cannot start: any row that needed the driver would say so.
    const noDriver = { BERTH_DRIVER_NONE_PATH: join(store, 'no-such-driver.js') };
    const cached = await runBerth(['ls'], { store, env: noDriver });
    expect(cached.stderr).toBe('');
    expect(cached.stdout).toBe(row);
    await engine.close();
    const down = await runBerth(['ls'], { store, env: noDriver });
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/^m1 +- +none +Error +Unknown +.*no-such-driver\.js/m);
  });

  it('marks the machine whose URL equals $DOCKER_HOST with *', async () => {
    const { store, engine } = await storeWithEngine('m1');
    const r = await runBerth(['ls'], { store, env: { DOCKER_HOST: engine.url } });
    expect(r.stdout).toBe(
      goTable([[...LS_HEADER], ['m1', '*', 'none', 'Running', engine.url, '', 'v24.0.7', '']]),
    );
  });

  it('shows Unknown and "Unable to query docker version" when no engine answers', async () => {
    const store = await newStore();
    const port = await deadPort();
    await createNone(store, 'm1', `tcp://127.0.0.1:${port}`);
    const r = await runBerth(['ls'], { store });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      goTable([[...LS_HEADER], ['m1', '-', 'none', 'Running', `tcp://127.0.0.1:${port}`, '', 'Unknown', refused(port)]]),
    );
  });

  it('sorts rows in natural order of the lower-cased names and aligns every column', async () => {
    const { store, engine } = await storeWithEngine('m10');
    await createNone(store, 'M2', engine.url);
    await createNone(store, 'a-long-machine-name', engine.url);
    const r = await runBerth(['ls'], { store, env: { DOCKER_HOST: engine.url } });
    const row = (name: string) => [name, '*', 'none', 'Running', engine.url, '', 'v24.0.7', ''];
    expect(r.stdout).toBe(goTable([[...LS_HEADER], row('a-long-machine-name'), row('M2'), row('m10')]));
  });

  it('shows a corrupt config.json as an error row instead of failing', async () => {
    const { store, engine } = await storeWithEngine('m1');
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(`${store}/machines/broken`);
    await writeFile(`${store}/machines/broken/config.json`, '{"ConfigVersion": 3,');
    const r = await runBerth(['ls'], { store });
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n');
    expect(rows[1]).toMatch(/^broken {3,}not found {3}Error {3}/);
    expect(rows[2]).toMatch(new RegExp(`^m1 .* ${engine.url.replace(/[.]/g, '\\.')} .*v24\\.0\\.7`));
    const quiet = await runBerth(['ls', '-q'], { store });
    expect(quiet.stdout).toBe('m1\n');
  });

  it('-t 1 gives up on a hung engine: Timeout row after about a second, exit 0', async () => {
    const store = await newStore();
    await addHungMachine(store);
    const started = Date.now();
    const r = await runBerth(['ls', '-t', '1'], { store });
    const took = Date.now() - started;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(goTable([[...LS_HEADER], ['hung', '', 'none', 'Timeout', '', '', '', '']]));
    expect(took).toBeLessThan(8000);
  });

  it("a timed-out row's ResponseTime is the timeout, as in docker-machine", async () => {
    const store = await newStore();
    await addHungMachine(store);
    const r = await runBerth(['ls', '-t', '1', '--format', '{{.Name}} {{.State}} {{.ResponseTime}}'], { store });
    expect(r.stdout).toBe('hung Timeout 1s\n');
  });

  it('shows "* (swarm)" when both the host URL and the swarm URL equal $DOCKER_HOST', async () => {
    const store = await newStore();
    const port = await deadPort();
    const url = `tcp://127.0.0.1:${port}`;
    await createNone(store, 'sm', url, [
      '--swarm', '--swarm-master', '--swarm-discovery', 'token://abc', '--swarm-host', `tcp://0.0.0.0:${port}`,
    ]);
    const r = await runBerth(['ls', '--format', '{{.Name}}|{{.Active}}|{{.ActiveHost}}|{{.ActiveSwarm}}'], {
      store, env: { DOCKER_HOST: url },
    });
    expect(r.stdout).toBe('sm|* (swarm)|true|true\n');
  });

  it('-t rejects a value that is not a number', async () => {
    const r = await runBerth(['ls', '-t', 'soon'], { store: await newStore() });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

describe('ls -q and --filter', () => {
  /** a1 (label a=b), a2, b1 (label a=c): all none, all Running (their URL is known). */
  async function threeMachines() {
    const store = await newStore();
    const port = await deadPort();
    const url = `tcp://127.0.0.1:${port}`;
    await createNone(store, 'b1', url, ['--engine-label', 'a=c']);
    await createNone(store, 'a2', url);
    await createNone(store, 'a1', url, ['--engine-label', 'a=b']);
    return store;
  }
  const names = async (store: string, ...args: string[]) => {
    const r = await runBerth(['ls', ...args], { store });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };

  it('filters by driver, name regexp, state and label, with -q and with a format', async () => {
    const store = await threeMachines();
    expect(await names(store, '-q')).toBe('a1\na2\nb1\n');
    expect(await names(store, '-q', '--filter', 'driver=none')).toBe('a1\na2\nb1\n');
    expect(await names(store, '-q', '--filter', 'DRIVER=NONE')).toBe('a1\na2\nb1\n');
    expect(await names(store, '-q', '--filter', 'driver=generic')).toBe('');
    expect(await names(store, '-q', '--filter', 'name=^a')).toBe('a1\na2\n');
    expect(await names(store, '-q', '--filter', 'name=1')).toBe('a1\nb1\n');
    expect(await names(store, '-q', '--filter', 'name=^a', '--filter', 'name=^b')).toBe('a1\na2\nb1\n');
    // Go's regexp syntax (RE2), as docker-machine: flags, POSIX classes, Go's named groups.
    expect(await names(store, '-q', '--filter', 'name=(?i)^A')).toBe('a1\na2\n');
    expect(await names(store, '-q', '--filter', 'name=^[[:alpha:]]1$', '--filter', 'name=(?P<two>2)')).toBe('a1\na2\nb1\n');
    expect(await names(store, '-q', '--filter', 'state=Running')).toBe('a1\na2\nb1\n');
    expect(await names(store, '-q', '--filter', 'state=running')).toBe('a1\na2\nb1\n');
    expect(await names(store, '-q', '--filter', 'state=Stopped')).toBe('');
    expect(await names(store, '-q', '--filter', 'label=a=b')).toBe('a1\n');
    expect(await names(store, '-q', '--filter', 'label=a=B')).toBe('a1\n');
    expect(await names(store, '-q', '--filter', 'name=^a', '--filter', 'label=a=c')).toBe('');
    // The same filters through the full (queried) listing.
    expect(await names(store, '--format', '{{.Name}}', '--filter', 'name=^a')).toBe('a1\na2\n');
    expect(await names(store, '--format', '{{.Name}}', '--filter', 'state=Running', '--filter', 'label=a=c')).toBe('b1\n');
  });

  // docker-machine filters on the driver's GetState() before querying: a Running machine whose engine
  // hangs passes state=running and is then shown as a Timeout row; Timeout itself never matches.
  it("name= matches the driver's machine name, so a copied machine folder answers to its original name", async () => {
    const store = await threeMachines();
    const { cp } = await import('node:fs/promises');
    await cp(`${store}/machines/a1`, `${store}/machines/copyx`, { recursive: true });
    expect(await names(store, '-q', '--filter', 'name=copy')).toBe('');
    expect(await names(store, '-q', '--filter', 'name=^a1$')).toBe('a1\ncopyx\n');
    expect(await names(store, '--format', '{{.Name}}', '--filter', 'name=^a1$')).toBe('a1\ncopyx\n');
  });

  it('state= compares the driver state before the query, in the full listing as with -q', async () => {
    const { store } = await storeWithEngine('ok');
    await addHungMachine(store);
    const format = ['--format', '{{.Name}} {{.State}}'];
    expect(await names(store, '-t', '1', ...format, '--filter', 'state=running')).toBe('hung Timeout\nok Running\n');
    expect(await names(store, '-q', '-t', '1', '--filter', 'state=running')).toBe('hung\nok\n');
    expect(await names(store, '-t', '1', ...format, '--filter', 'state=timeout')).toBe('');
    expect(await names(store, '-q', '-t', '1', '--filter', 'state=timeout')).toBe('');
  });

  it.each([
    [['--filter', 'foo=bar'], "Unsupported filter key 'foo'"],
    [['--filter', 'name=('], 'name'],
    [['--filter', 'driver'], 'Unsupported filter syntax'],
    [['-q', '--filter', 'name=['], 'name'],
    [['--filter', 'name=(?=a)'], 'invalid or unsupported Perl syntax'],
  ])('ls %j exits 1 with one line', async (args, message) => {
    const r = await runBerth(['ls', ...args], { store: await threeMachines() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

describe('ls --format', () => {
  it('renders a plain template per machine', async () => {
    const { store, engine } = await storeWithEngine('m1');
    await createNone(store, 'm2', engine.url);
    const r = await runBerth(['ls', '--format', '{{.Name}} {{.DriverName}}'], { store });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('m1 none\nm2 none\n');
    const v = await runBerth(['ls', '--format', '{{.Name}}={{.DockerVersion}} {{.Active}} {{.URL}}'], { store });
    expect(v.stdout).toBe(`m1=v24.0.7 - ${engine.url}\nm2=v24.0.7 - ${engine.url}\n`);
  });

  it('"table" adds a header and aligns; literal \\t becomes a tab', async () => {
    const { store } = await storeWithEngine('m1');
    const r = await runBerth(['ls', '--format', 'table {{.Name}}\\t{{.State}}'], { store });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('NAME   STATE\nm1     Running\n');
    const t = await runBerth(['ls', '--format', 'table {{.Name}}\t{{.DriverName}}\t{{.DockerVersion}}'], { store });
    expect(t.stdout).toBe('NAME   DRIVER   DOCKER\nm1     none     v24.0.7\n');
  });

  it("an empty --format '' prints the default table", async () => {
    const { store, engine } = await storeWithEngine('m1');
    const r = await runBerth(['ls', '--format', ''], { store });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(goTable([[...LS_HEADER], ['m1', '-', 'none', 'Running', engine.url, '', 'v24.0.7', '']]));
  });

  it.each([[['--format', 'json']], [['--json']]])('%j prints a JSON array of the rows', async (args) => {
    const { store, engine } = await storeWithEngine('m1');
    const port = await deadPort();
    await createNone(store, 'm2', `tcp://127.0.0.1:${port}`);
    const r = await runBerth(['ls', ...args], { store });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(Array.isArray(rows)).toBe(true);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ Name: 'm1', State: 'Running', URL: engine.url, DockerVersion: 'v24.0.7', DriverName: 'none', Error: '' });
    expect(rows[1]).toMatchObject({ Name: 'm2', State: 'Running', DockerVersion: 'Unknown', Error: refused(port) });
  });

  it('a bad template exits 1 with "template parsing error" and queries nothing', async () => {
    const { store, engine } = await storeWithEngine('m1');
    const seen = engine.requests.length;
    const r = await runBerth(['ls', '--format', '{{.Name'], { store });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('template parsing error');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(engine.requests.length).toBe(seen);
  });

  // docker-machine executes ls templates against a struct (commands.HostListItem), so an unknown
  // field is an execution error, and a typo in a script's --format does not go unnoticed.
  it('an unknown field is an execution error, exit 1', async () => {
    const { store } = await storeWithEngine('m1');
    const r = await runBerth(['ls', '--format', '{{.Nope}}'], { store });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("can't evaluate field Nope");
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  // docker-machine's EngineOptions and SwarmOptions are *engine.Options and *swarm.Options structs:
  // Go field names (DNS, TLSVerify), `{...}` when printed, an error for a field they lack, `<nil>` when unset.
  it('EngineOptions and SwarmOptions are Go structs with Go field names', async () => {
    const store = await newStore();
    const port = await deadPort();
    await createNone(store, 'm1', `tcp://127.0.0.1:${port}`, ['--engine-label', 'a=b']);
    const ok = await runBerth(['ls', '--format', '{{.EngineOptions.TLSVerify}}|{{.EngineOptions.DNS}}|{{.EngineOptions.Labels}}'], { store });
    expect(ok.stdout).toBe('true|[]|[a=b]\n');
    const printed = await runBerth(['ls', '--format', '{{.EngineOptions}}\n{{.SwarmOptions}}'], { store });
    expect(printed.stdout).toBe(
      '{[] []  [] false [] [a=b]   false true [] https://get.docker.com}\n' +
        '{false   false false tcp://0.0.0.0:3376 swarm:latest spread 0 0 [] [] [] false}\n',
    );
    for (const field of ['TlsVerify', 'Nope']) {
      const r = await runBerth(['ls', '--format', `{{.EngineOptions.${field}}}`], { store });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`template: :1:16: executing "" at <.EngineOptions.${field}>: can't evaluate field ${field} in type *engine.Options\n`);
    }
  });

  it('a Timeout row has nil EngineOptions and SwarmOptions: <nil>, and reading a field is an error', async () => {
    const store = await newStore();
    await addHungMachine(store);
    const r = await runBerth(['ls', '-t', '1', '--format', '{{.EngineOptions}} {{.SwarmOptions}}'], { store });
    expect(r.stdout).toBe('<nil> <nil>\n');
    const field = await runBerth(['ls', '-t', '1', '--format', '{{.SwarmOptions.Master}}'], { store });
    expect(field.code).toBe(1);
    expect(field.stderr).toContain('nil pointer evaluating *swarm.Options.Master');
    expect(field.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  // Go's builtins only (docker-machine parses ls formats with template.New("")); json and prettyjson are inspect's.
  it.each(['{{json .}}', '{{upper .Name}}'])('%s is a parse error, exit 1, nothing queried', async (format) => {
    const { store, engine } = await storeWithEngine('m1');
    const seen = engine.requests.length;
    const r = await runBerth(['ls', '--format', format], { store });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/function "(json|upper)" not defined\n$/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(engine.requests.length).toBe(seen);
  });

  it('rejects positional arguments', async () => {
    const r = await runBerth(['ls', 'm1'], { store: await newStore() });
    expect(r.code).toBe(1);
  });
});
