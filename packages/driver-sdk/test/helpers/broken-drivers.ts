/**
 * Tiny drivers that break the protocol on purpose, written to a temp dir at test time: the
 * conformance suite must fail them. Each imports the built SDK or vscode-jsonrpc by absolute URL.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SDK = new URL('../../dist/index.js', import.meta.url).href;
const JSONRPC = pathToFileURL(createRequire(import.meta.url).resolve('vscode-jsonrpc/node')).href;

/** A correct SDK driver, except that getState writes a debug line straight to fd 1 (stdout). */
const JUNK_ON_STDOUT = `
import { writeSync } from 'node:fs';
import { serveDriver } from '${SDK}';
serveDriver({
  name: 'junk', version: '1.0.0', createFlags: [],
  async configFromFlags() { return {}; },
  async create() {},
  async remove() {},
  async getState() { writeSync(1, 'DEBUG: asking the provider\\n'); return 'Running'; },
  async getURL() { return 'tcp://127.0.0.1:2376'; },
  async getIP() { return '127.0.0.1'; },
});
`;

/** Hand-written JSON-RPC: no cookie check, no state. \`overrides\` replaces some answers. */
function rawDriver(overrides: string, afterListen = ''): string {
  return `
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter } from '${JSONRPC}';
const connection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
const answers = {
  initialize: () => ({
    protocolVersion: 1, driver: { name: process.env.BERTH_DRIVER_NAME, version: '0.0.1' },
    capabilities: { provision: false, start: false, stop: false, restart: false, kill: false }, createFlags: [],
  }),
  'machine/configFromFlags': () => ({ config: {} }),
  'machine/getState': () => ({ state: 'Running' }),
  'machine/remove': (params) => ({ config: params.machine.config }),
  shutdown: () => ({}),
  ${overrides}
};
connection.onRequest((method, params) => {
  const answer = answers[method];
  if (answer === undefined) throw new ResponseError(-32601, 'unknown method ' + method);
  return answer(params);
});
connection.listen();
${afterListen}
`;
}

/** Answers protocolVersion 2 whatever the host offers. */
const WRONG_PROTOCOL_VERSION = rawDriver(`
  initialize: () => ({
    protocolVersion: 2, driver: { name: process.env.BERTH_DRIVER_NAME, version: '0.0.1' },
    capabilities: { provision: false, start: false, stop: false, restart: false, kill: false }, createFlags: [],
  }),
`, 'connection.onClose(() => process.exit(0));');

/** Never exits on its own: not when stdin closes, not after shutdown. */
const IGNORES_STDIN_CLOSE = rawDriver('', 'setInterval(() => {}, 1000);');

/** Fails configFromFlags with a bare JSON-RPC code and no data.code. */
const UNCODED_ERRORS = rawDriver(`
  'machine/configFromFlags': () => { throw new ResponseError(1, 'something went wrong'); },
`, 'connection.onClose(() => process.exit(0));');

export const BROKEN_DRIVERS = {
  junkOnStdout: JUNK_ON_STDOUT,
  wrongProtocolVersion: WRONG_PROTOCOL_VERSION,
  ignoresStdinClose: IGNORES_STDIN_CLOSE,
  uncodedErrors: UNCODED_ERRORS,
} as const;

export type BrokenDriver = keyof typeof BROKEN_DRIVERS;

/** Writes every broken driver to a new temp dir; returns their paths and a cleanup. */
export async function writeBrokenDrivers(): Promise<{ paths: Record<BrokenDriver, string>; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-broken-drivers-'));
  const paths = {} as Record<BrokenDriver, string>;
  for (const [name, source] of Object.entries(BROKEN_DRIVERS) as Array<[BrokenDriver, string]>) {
    paths[name] = join(dir, `${name}.mjs`);
    await writeFile(paths[name], source);
  }
  return { paths, remove: () => rm(dir, { recursive: true, force: true }) };
}
