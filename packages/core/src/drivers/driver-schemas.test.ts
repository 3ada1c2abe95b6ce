import { describe, expect, it } from 'vitest';
import { checkResult, ConfigResultSchema, EmptyResultSchema, InitializeResultSchema, SSHInfoResultSchema, StateResultSchema } from './driver-schemas.js';

describe('driver result schemas', () => {
  it('accept a full initialize result and fill in left-out capabilities and flags', () => {
    const checked = checkResult(InitializeResultSchema, { protocolVersion: 1, driver: { name: 'x', version: '1.0.0' }, capabilities: { provision: false } });
    expect(checked).toEqual({
      ok: true,
      value: {
        protocolVersion: 1,
        driver: { name: 'x', version: '1.0.0' },
        capabilities: { provision: false, start: true, stop: true, restart: true, kill: true },
        createFlags: [],
      },
    });
  });

  it('reject flags of unknown types', () => {
    const checked = checkResult(InitializeResultSchema, {
      protocolVersion: 1,
      driver: { name: 'x', version: '1' },
      createFlags: [{ name: 'size', type: 'float', usage: '' }],
    });
    expect(checked.ok).toBe(false);
  });

  it('check states, configs and SSH info', () => {
    expect(checkResult(StateResultSchema, { state: 'Running' }).ok).toBe(true);
    expect(checkResult(StateResultSchema, { state: 'running' })).toMatchObject({ ok: false, problem: expect.stringContaining('state') });
    expect(checkResult(ConfigResultSchema, { config: { IPAddress: '1.2.3.4' } }).ok).toBe(true);
    expect(checkResult(ConfigResultSchema, {}).ok).toBe(false);
    expect(checkResult(SSHInfoResultSchema, { host: 'h', port: 70_000, user: 'u', keyPath: '/k' }).ok).toBe(false);
    expect(checkResult(EmptyResultSchema, null)).toEqual({ ok: true, value: {} });
  });
});
