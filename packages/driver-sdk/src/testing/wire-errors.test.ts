import { ResponseError } from 'vscode-jsonrpc/node';
import { describe, expect, it } from 'vitest';
import { ConformanceFailure } from './conformance-failure.js';
import { describeUncodedError, describeWireError, expectDriverErrorCode, expectProtocolErrorCode, isWireError } from './wire-errors.js';

describe('describeUncodedError', () => {
  it('accepts driver errors with a SCREAMING_SNAKE data.code and JSON-RPC protocol codes', () => {
    expect(describeUncodedError({ code: 1000, message: 'm', data: { code: 'INVALID_CONFIG', hint: 'h' } })).toBeUndefined();
    expect(describeUncodedError({ code: 1000, message: 'm', data: { code: 'EC2_QUOTA_EXCEEDED2' } })).toBeUndefined();
    for (const code of [-32700, -32601, -32602, -32002, -32000, -32768, -32800]) expect(describeUncodedError({ code, message: 'm' })).toBeUndefined();
  });

  it('explains what is missing otherwise', () => {
    expect(describeUncodedError({ code: 1000, message: 'boom' }))
      .toBe('error 1000 "boom" has data undefined: it needs data.code, a SCREAMING_SNAKE string such as "INVALID_CONFIG"');
    expect(describeUncodedError({ code: 1000, message: 'boom', data: { code: 'notSnake' } })).toContain('has data {"code":"notSnake"}');
    expect(describeUncodedError({ code: 1000, message: 'boom', data: { code: 'TRAILING_' } })).toContain('it needs data.code');
    expect(describeUncodedError({ code: 1, message: 'x' })).toBe(
      'error code 1 ("x") is neither 1000 (a driver error, with data.code) nor a JSON-RPC protocol code (-32768 to -32000)',
    );
    expect(describeUncodedError({ code: -31999, message: 'x' })).toContain('is neither');
  });
});

describe('expectDriverErrorCode / expectProtocolErrorCode', () => {
  it('returns matching errors and fails others with what was answered', () => {
    const mismatch = new ResponseError(1000, 'no shared version', { code: 'PROTOCOL_MISMATCH' });
    expect(expectDriverErrorCode(mismatch, 'PROTOCOL_MISMATCH', 'initialize')).toBe(mismatch);
    expect(() => expectDriverErrorCode(new ResponseError(1000, 'x', { code: 'OTHER' }), 'PROTOCOL_MISMATCH', 'initialize'))
      .toThrow(new ConformanceFailure('initialize must fail with code 1000 and data.code "PROTOCOL_MISMATCH", but answered error 1000 "x" data={"code":"OTHER"}'));
    expect(expectProtocolErrorCode({ code: -32601, message: 'm' }, -32601, 'x')).toEqual({ code: -32601, message: 'm' });
    expect(() => expectProtocolErrorCode({ code: 1000, message: 'm' }, -32601, 'machine/x')).toThrow('machine/x must fail with JSON-RPC error -32601');
  });

  it('rethrows what is not a wire error (no answer at all)', () => {
    const timeout = new ConformanceFailure('no answer');
    expect(() => expectDriverErrorCode(timeout, 'X', 'y')).toThrow(timeout);
  });
});

describe('isWireError / describeWireError', () => {
  it('recognises ResponseErrors and plain {code, message} objects', () => {
    expect([isWireError(new ResponseError(1, 'm')), isWireError({ code: 1, message: 'm' }), isWireError(new Error('m')), isWireError(null)])
      .toEqual([true, true, false, false]);
    expect(describeWireError({ code: -32602, message: 'bad' })).toBe('error -32602 "bad"');
  });
});
