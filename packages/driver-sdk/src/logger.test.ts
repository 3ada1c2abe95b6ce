import { describe, expect, it } from 'vitest';
import { createDriverLogger, formatLogLine, isLogLevel } from './logger.js';

function capture(level?: 'error' | 'warn' | 'info' | 'debug') {
  const lines: string[] = [];
  const logger = createDriverLogger({ ...(level === undefined ? {} : { level }), write: (line) => lines.push(line) });
  return { logger, lines };
}

describe('createDriverLogger', () => {
  it('writes one JSON line per message, machine only when given', () => {
    const { logger, lines } = capture();
    logger.info('Creating VM...', 'dev');
    logger.warn('multi\nline "quoted"');
    expect(lines).toEqual([
      '{"level":"info","msg":"Creating VM...","machine":"dev"}\n',
      '{"level":"warn","msg":"multi\\nline \\"quoted\\""}\n',
    ]);
  });

  it('drops messages below its level (default info) and follows setLevel', () => {
    const { logger, lines } = capture();
    expect(logger.level).toBe('info');
    logger.debug('hidden');
    logger.error('shown');
    logger.setLevel('debug');
    logger.debug('now shown');
    logger.setLevel('error');
    logger.warn('hidden again');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['shown', 'now shown']);
  });

  it('forMachine fills in the machine unless the call names another', () => {
    const { logger, lines } = capture('debug');
    const log = logger.forMachine('dev');
    log.debug('a');
    log.info('b', 'other');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { level: 'debug', msg: 'a', machine: 'dev' },
      { level: 'info', msg: 'b', machine: 'other' },
    ]);
  });
});

describe('formatLogLine / isLogLevel', () => {
  it('puts level, msg, machine in that order', () => {
    expect(formatLogLine({ machine: 'm', msg: 'x', level: 'error' })).toBe('{"level":"error","msg":"x","machine":"m"}\n');
  });

  it('knows the four levels', () => {
    expect(['error', 'warn', 'info', 'debug'].every(isLogLevel)).toBe(true);
    expect(isLogLevel('trace')).toBe(false);
    expect(isLogLevel(undefined)).toBe(false);
  });
});
