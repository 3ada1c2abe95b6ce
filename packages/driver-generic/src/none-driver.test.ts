import type { DriverContext } from '@berth/driver-sdk';
import { describe, expect, it } from 'vitest';
import { hostOf, noneDriver } from './none-driver.js';

const ctx = {} as DriverContext; // the none driver uses none of it
const ref = (config: Record<string, unknown> = {}) => ({ name: 'dev', dir: '/store/machines/dev', storePath: '/store', config });

describe('none driver', () => {
  // SSHUser "" and SSHPort 0 as docker-machine writes them (none never sets them on its bare
  // BaseDriver): see core/test/fixtures/docker-machine-store/machines/none-host/config.json.
  it('builds a docker-machine-shaped blob, BaseDriver fields first, in order', async () => {
    const config = await noneDriver.configFromFlags(ref(), { url: 'tcp://192.168.0.10:2376' }, ctx);
    expect(Object.keys(config)).toEqual([
      'IPAddress', 'MachineName', 'SSHUser', 'SSHPort', 'SSHKeyPath', 'StorePath', 'SwarmMaster', 'SwarmHost', 'SwarmDiscovery', 'URL',
    ]);
    expect(config).toEqual({
      IPAddress: '192.168.0.10', MachineName: 'dev', SSHUser: '', SSHPort: 0, SSHKeyPath: '', StorePath: '/store',
      SwarmMaster: false, SwarmHost: '', SwarmDiscovery: '', URL: 'tcp://192.168.0.10:2376',
    });
  });

  it('requires --url', async () => {
    await expect(noneDriver.configFromFlags(ref(), {}, ctx))
      .rejects.toMatchObject({ code: 'INVALID_CONFIG', message: '--url option is required when no driver is selected' });
    await expect(noneDriver.configFromFlags(ref(), { url: '' }, ctx)).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(noneDriver.configFromFlags(ref(), { url: 'not a url' }, ctx))
      .rejects.toMatchObject({ code: 'INVALID_CONFIG', message: 'invalid URL "not a url" for machine "dev"' });
  });

  it('reads the IP from the URL, so docker-machine blobs with IPAddress "host:port" still answer the host', async () => {
    const blob = { IPAddress: '10.1.2.3:2376', URL: 'tcp://10.1.2.3:2376' };
    await expect(noneDriver.getIP(ref(blob), ctx)).resolves.toBe('10.1.2.3');
    await expect(noneDriver.getURL(ref(blob), ctx)).resolves.toBe('tcp://10.1.2.3:2376');
    await expect(noneDriver.getURL(ref({}), ctx)).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });

  it('hostOf strips port and IPv6 brackets', () => {
    expect(hostOf('tcp://[fe80::1]:2376', 'dev')).toBe('fe80::1');
    expect(hostOf('tcp://docker.example.com:2376', 'dev')).toBe('docker.example.com');
    expect(hostOf('tcp://10.0.0.1', 'dev')).toBe('10.0.0.1');
  });

  it('is always Running and cannot be started, stopped, restarted or killed', async () => {
    await expect(noneDriver.getState(ref(), ctx)).resolves.toBe('Running');
    await expect(noneDriver.start?.(ref(), ctx)).rejects.toMatchObject({ code: 'NOT_SUPPORTED', message: 'hosts without a driver cannot be started' });
    await expect(noneDriver.stop?.(ref(), ctx)).rejects.toMatchObject({ message: 'hosts without a driver cannot be stopped' });
    await expect(noneDriver.restart?.(ref(), ctx)).rejects.toMatchObject({ message: 'hosts without a driver cannot be restarted' });
    await expect(noneDriver.kill?.(ref(), ctx)).rejects.toMatchObject({ message: 'hosts without a driver cannot be killed' });
  });
});
