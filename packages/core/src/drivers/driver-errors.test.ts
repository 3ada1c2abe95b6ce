import { DRIVER_ERROR_CODE } from '@berth/driver-sdk';
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import { crashError, describeDuration, describeExit, fromDriverError, startFailedError } from './driver-errors.js';

describe('fromDriverError', () => {
  it('turns code 1000 into the BerthError the driver named, with its hint', () => {
    const error = fromDriverError({
      driver: 'vbox',
      method: 'machine/start',
      error: new ResponseError(DRIVER_ERROR_CODE, 'VBoxManage not found', { code: 'VBOX_NOT_INSTALLED', hint: 'Install VirtualBox.' }),
      tail: [],
    });
    expect(error).toBeInstanceOf(BerthError);
    expect(error).toMatchObject({ code: 'VBOX_NOT_INSTALLED', message: 'VBoxManage not found', hint: 'Install VirtualBox.' });
  });

  it('treats code 1000 without a valid data.code as a protocol error', () => {
    const error = fromDriverError({ driver: 'x', method: 'machine/stop', error: new ResponseError(DRIVER_ERROR_CODE, 'bad', { code: 'lower case' }), tail: [] });
    expect(error).toMatchObject({ code: 'DRIVER_PROTOCOL_ERROR', message: expect.stringContaining('Driver "x" broke the driver protocol during machine/stop') });
  });

  it('treats any other JSON-RPC error as a protocol error naming the driver and the method', () => {
    const error = fromDriverError({ driver: 'x', method: 'machine/kill', error: new ResponseError(ErrorCodes.MethodNotFound, 'Unhandled method machine/kill'), tail: ['last words'] });
    expect(error.code).toBe('DRIVER_PROTOCOL_ERROR');
    expect(error.message).toContain('JSON-RPC error -32601: Unhandled method machine/kill');
    expect(error.message).toContain('last words');
  });
});

describe('crash and start errors', () => {
  it('quote the exit status, the call and the last stderr lines', () => {
    const tail = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const error = crashError({ driver: 'x', method: 'machine/getState', exit: { exitCode: 3 }, tail });
    expect(error.message).toMatch(/^Driver "x" exited unexpectedly \(exit code 3\) during machine\/getState; its last stderr lines:\n {2}line 20\n/);
    expect(error.message).not.toContain('line 19');
    expect(error.details).toMatchObject({ exitCode: 3, stderrTail: tail.join('\n') });
  });

  it('say how a driver that never answered ended', () => {
    expect(startFailedError({ driver: 'x', command: '/bin/x', exit: { signal: 'SIGSEGV' }, tail: [] }).message).toBe(
      'Driver "x" exited (signal SIGSEGV) before answering initialize',
    );
    expect(describeExit(undefined)).toBe('no exit status');
    expect(describeDuration(15_000)).toBe('15 s');
    expect(describeDuration(250)).toBe('250 ms');
  });
});
