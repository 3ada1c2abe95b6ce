/** docs/PROTOCOL.md is the language-neutral form of protocol.ts: it must not fall behind it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as sdk from '../src/index.js';

const doc = readFileSync(new URL('../../../docs/PROTOCOL.md', import.meta.url), 'utf8');

const methods = (Object.values(sdk) as unknown[])
  .filter((value): value is { method: string; type: unknown } =>
    typeof value === 'object' && value !== null && 'method' in value && 'type' in value)
  .map((definition) => definition.method);

describe('docs/PROTOCOL.md', () => {
  it('has a section for every method and notification in protocol.ts', () => {
    expect(methods.length).toBeGreaterThanOrEqual(15);
    for (const method of [...methods, '$/cancelRequest']) expect(doc).toContain(`### \`${method}\``);
  });

  it('lists every error code, the cookie and the env variables', () => {
    for (const code of Object.values(sdk.ErrorCodes)) expect(doc).toContain(`\`${code}\``);
    for (const text of [sdk.DRIVER_COOKIE_ENV, sdk.DRIVER_COOKIE_VALUE, sdk.DRIVER_NAME_ENV, String(sdk.DRIVER_ERROR_CODE)]) {
      expect(doc).toContain(text);
    }
    for (const state of sdk.MACHINE_STATES) expect(doc).toContain(`\`${state}\``);
    for (const type of sdk.FLAG_TYPES) expect(doc).toContain(`"${type}"`);
  });
});
