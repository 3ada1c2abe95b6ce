// The CLI's Rollup options, shared by scripts/bundle.mjs (which writes the bundle) and
// scripts/chunk-report.mjs (which shows what each command loads), so the report shows the real bundle.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { deferRequire, JSONRPC_CRYPTO } from './defer-require.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// ssh2 carries an optional native addon; it is loaded only when an SSH connection is made.
const EXTERNAL = new Set(['ssh2', 'cpu-features', ...builtinModules]);

export const cliInputOptions = {
  input: `${root}packages/cli/dist/main.js`,
  external: (id) => id.startsWith('node:') || EXTERNAL.has(id),
  plugins: [
    buildCommit(),
    deferCommanderChildProcess(),
    deferJsonRpcCrypto(),
    nodeResolve({ exportConditions: ['node'], preferBuiltins: true }),
    // These stay plain require() calls where they are written (see the defer plugins below).
    commonjs({ ignoreDynamicRequires: true, ignore: ['node:child_process', 'crypto'] }),
  ],
  onwarn(warning, warn) {
    // Dependencies (node-forge, vscode-jsonrpc, commander) have import cycles and top-level `this`; both are harmless.
    if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};

export const cliOutputOptions = {
  format: 'cjs',
  entryFileNames: '[name].cjs',
  chunkFileNames: '[name]-[hash].cjs',
  // `import('ssh2')` as require(): the compile cache runs chunks as scripts, which have no import().
  dynamicImportInCjs: false,
};

/**
 * `berth --version` says which commit it was built from (`0.1.0, build 1a2b3c4`, as docker-machine's
 * `-X GitCommit=...`): the short commit is written into version.ts's placeholder here, so the CLI
 * never runs git. Outside a git checkout the placeholder stays and the CLI says `build unknown`.
 */
function buildCommit() {
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a git checkout (a source tarball): keep the placeholder
  }
  return {
    name: 'build-commit',
    transform(code, id) {
      if (!commit || !/[\\/]packages[\\/]cli[\\/]dist[\\/]version\.js$/.test(id)) return null;
      if (!code.includes("'@BERTH_BUILD_COMMIT@'")) throw new Error(`${id}: the build commit placeholder is missing`);
      return { code: code.replace("'@BERTH_BUILD_COMMIT@'", JSON.stringify(commit)), map: null };
    },
  };
}

/**
 * commander loads child_process when it loads (~2 ms), for executable subcommands, which berth has
 * none of; `env` and the other commands that start no driver never need it. Its one use (spawn) now
 * loads it when called.
 */
function deferCommanderChildProcess() {
  return {
    name: 'defer-commander-child-process',
    transform(code, id) {
      if (!/[\\/]commander[\\/]lib[\\/]command\.js$/.test(id)) return null;
      return { code: deferRequire(code, id, "const childProcess = require('node:child_process');", ['spawn']), map: null };
    },
  };
}

/**
 * The CLI's driver connections are stdio too, and `status`, `start`, `stop` (and `ls` until its TLS
 * client loads) need no crypto: vscode-jsonrpc's loads when first asked for.
 */
function deferJsonRpcCrypto() {
  return {
    name: 'defer-jsonrpc-crypto',
    transform(code, id) {
      if (!JSONRPC_CRYPTO.file.test(id)) return null;
      return { code: deferRequire(code, id, JSONRPC_CRYPTO.statement, JSONRPC_CRYPTO.methods), map: null };
    },
  };
}
