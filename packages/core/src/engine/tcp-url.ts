import { BerthError } from '../errors.js';

/** Docker's TLS port, used when a URL names none. */
export const DOCKER_TLS_PORT = 2376;

export interface TcpAddress {
  /** Host name or IP, IPv6 without brackets. */
  host: string;
  port: number;
  /** `host:port`, IPv6 in brackets (`[::1]:2376`), as Go prints addresses. */
  hostPort: string;
}

/** Parses a machine URL (`tcp://IP:2376`, `tcp://[::1]:2376`, `tcp://name:2376`). */
export function parseTcpUrl(url: string): TcpAddress {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.protocol !== 'tcp:' || parsed.hostname === '' || (parsed.pathname !== '' && parsed.pathname !== '/')) {
    throw new BerthError('ENGINE_URL_INVALID', `"${url}" is not a Docker engine URL`, {
      hint: 'Engine URLs look like tcp://192.168.99.100:2376 or tcp://[fd00::1]:2376.',
    });
  }
  const bracketed = parsed.hostname.startsWith('[');
  const host = bracketed ? parsed.hostname.slice(1, -1) : parsed.hostname;
  const port = parsed.port === '' ? DOCKER_TLS_PORT : Number(parsed.port);
  return { host, port, hostPort: `${bracketed ? `[${host}]` : host}:${port}` };
}
