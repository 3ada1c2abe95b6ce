// Used by the bundle steps: a dependency's top-level `const x = require('builtin');` made lazy, for
// builtins that only a path berth never takes needs (they cost milliseconds at every start).

/**
 * Replaces `statement` (`const NAME = require("MODULE");`, either quote style) in a dependency's
 * `text` with an object whose `methods` load MODULE when first called. Throws naming `file` when the
 * statement is gone, so a dependency update that moves it fails the build instead of silently undoing this.
 */
export function deferRequire(text, file, statement, methods) {
  const parsed = /^const (\w+) = require\((['"])([\w:/]+)\2\);$/.exec(statement);
  if (!parsed) throw new Error(`deferRequire: cannot read ${statement}`);
  if (!text.includes(statement)) throw new Error(`"${statement}" is gone from ${file}: update the bundle scripts (scripts/defer-require.mjs users)`);
  const [, name, quote, module] = parsed;
  const load = `require(${quote}${module}${quote})`;
  const members = methods.map((method) => `${method}: (...args) => ${load}.${method}(...args)`).join(', ');
  return text.replace(statement, `const ${name} = { ${members} };`);
}

/**
 * vscode-jsonrpc's Node entry loads crypto (~7 ms) for named-pipe names and UUIDs, which berth's
 * stdio connections never make: the CLI's bundle and the driver's make it lazy with this.
 */
export const JSONRPC_CRYPTO = {
  file: /vscode-jsonrpc[\\/]lib[\\/]node[\\/](main|ril)\.js$/,
  statement: 'const crypto_1 = require("crypto");',
  methods: ['randomBytes', 'randomUUID'],
};
