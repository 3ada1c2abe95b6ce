import { describe, expect, it } from 'vitest';
import { parseTcpUrl } from './tcp-url.js';

describe('parseTcpUrl', () => {
  it('parses IPv4, IPv6 and host-name URLs', () => {
    expect(parseTcpUrl('tcp://192.168.99.100:2376')).toEqual({ host: '192.168.99.100', port: 2376, hostPort: '192.168.99.100:2376' });
    expect(parseTcpUrl('tcp://[fd00::1]:2376')).toEqual({ host: 'fd00::1', port: 2376, hostPort: '[fd00::1]:2376' });
    expect(parseTcpUrl('tcp://docker.example:12376/')).toEqual({ host: 'docker.example', port: 12376, hostPort: 'docker.example:12376' });
  });

  it('defaults to the Docker TLS port', () => {
    expect(parseTcpUrl('tcp://10.0.0.5')).toMatchObject({ port: 2376, hostPort: '10.0.0.5:2376' });
  });

  it.each(['http://10.0.0.5:2376', 'tcp://:2376', 'tcp://10.0.0.5:99999', '10.0.0.5:2376', 'tcp://10.0.0.5:2376/v1', ''])('rejects %j', (url) => {
    expect(() => parseTcpUrl(url)).toThrow(expect.objectContaining({ code: 'ENGINE_URL_INVALID' }));
  });
});
