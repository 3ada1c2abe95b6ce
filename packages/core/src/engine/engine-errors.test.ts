import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import { classifyEngineError, engineTimeoutError } from './engine-errors.js';
import type { EngineTarget } from './engine-errors.js';

const target: EngineTarget = {
  host: '10.0.0.5',
  port: 2376,
  hostPort: '10.0.0.5:2376',
  endpoint: 'https://10.0.0.5:2376/version',
  timeoutMs: 5000,
  machineName: 'dev',
};

function errno(code: string, message = code, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code }, extra);
}

describe('classifyEngineError', () => {
  it.each([
    ['ECONNREFUSED', 'dial tcp 10.0.0.5:2376: connect: connection refused'],
    ['EHOSTUNREACH', 'dial tcp 10.0.0.5:2376: connect: no route to host'],
    ['ECONNRESET', 'read tcp 10.0.0.5:2376: connection reset by peer'],
    ['ENOTFOUND', 'dial tcp: lookup 10.0.0.5: no such host'],
  ])('%s is ENGINE_UNREACHABLE in docker-machine wording', (code, tail) => {
    const err = classifyEngineError(errno(code), target);
    expect(err).toBeInstanceOf(BerthError);
    expect(err).toMatchObject({ code: 'ENGINE_UNREACHABLE', message: `Unable to query docker version: Get https://10.0.0.5:2376/version: ${tail}` });
  });

  it.each(['SELF_SIGNED_CERT_IN_CHAIN', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'ERR_OSSL_PEM_NO_START_LINE'])(
    '%s is ENGINE_TLS_INVALID with the regenerate-certs hint',
    (code) => {
      const err = classifyEngineError(errno(code, 'bad cert'), target);
      expect(err).toMatchObject({
        code: 'ENGINE_TLS_INVALID',
        message: 'There was an error validating certificates for host "10.0.0.5:2376": bad cert',
        hint:
          "You can attempt to regenerate them using 'berth regenerate-certs dev'. " +
          'Be advised that this will trigger a Docker daemon restart which might stop running containers.',
      });
    },
  );

  it('treats an unreadable certificate file as a TLS problem', () => {
    const err = classifyEngineError(errno('ENOENT', "ENOENT: no such file or directory, open '/s/ca.pem'", { syscall: 'open', path: '/s/ca.pem' }), target);
    expect(err).toMatchObject({ code: 'ENGINE_TLS_INVALID', message: expect.stringContaining('/s/ca.pem') });
  });

  it('returns BerthErrors and unknown errors unchanged', () => {
    const berth = new BerthError('ENGINE_BAD_RESPONSE', 'x');
    expect(classifyEngineError(berth, target)).toBe(berth);
    const bug = new TypeError('boom');
    expect(classifyEngineError(bug, target)).toBe(bug);
    const odd = errno('ERR_SOMETHING_ELSE');
    expect(classifyEngineError(odd, target)).toBe(odd);
  });
});

describe('engineTimeoutError', () => {
  it('names the limit', () => {
    expect(engineTimeoutError(target)).toMatchObject({
      code: 'ENGINE_UNREACHABLE',
      message: 'Unable to query docker version: Get https://10.0.0.5:2376/version: no answer within 5000 ms (timeout)',
    });
  });
});
