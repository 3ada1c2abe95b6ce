import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { createStderrLog } from './stderr-log.js';

function recorder() {
  const lines: string[] = [];
  const logger: Logger = {
    error: (m) => lines.push(`error ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    info: (m) => lines.push(`info ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
  };
  return { lines, logger };
}

describe('createStderrLog', () => {
  it('forwards JSON lines at their level, prefixed with the machine or the driver', () => {
    const { lines, logger } = recorder();
    const log = createStderrLog({ driver: 'vbox', logger });
    log.write('{"level":"info","msg":"Creating VM","machine":"m1"}\n{"level":"warn","msg":"slow disk"}\n');
    log.write('{"level":"loud","msg":"odd level"}\n');
    expect(lines).toEqual(['info (m1) Creating VM', 'warn (vbox) slow disk', 'debug (vbox) odd level']);
    expect(log.tail()).toEqual(['(m1) Creating VM', 'slow disk', 'odd level']);
  });

  it('sends any other line to debug, joining chunks split mid-line and mid-character', () => {
    const { lines, logger } = recorder();
    const log = createStderrLog({ driver: 'x', logger });
    const bytes = Buffer.from('panic: café\r\n{not json}\nlast');
    log.write(bytes.subarray(0, 10)); // splits the two-byte é
    log.write(bytes.subarray(10));
    log.end();
    expect(lines).toEqual(['debug (x) panic: café', 'debug (x) {not json}', 'debug (x) last']);
  });

  it('keeps only the last lines', () => {
    const { logger } = recorder();
    const log = createStderrLog({ driver: 'x', logger, maxLines: 3 });
    for (let i = 1; i <= 5; i++) log.write(`line ${i}\n`);
    expect(log.tail()).toEqual(['line 3', 'line 4', 'line 5']);
  });

  it('cuts a line that never ends', () => {
    const { logger } = recorder();
    const log = createStderrLog({ driver: 'x', logger });
    log.write('y'.repeat(40_000));
    const [line] = log.tail();
    expect(line?.endsWith('[line cut]')).toBe(true);
    expect(line!.length).toBeLessThan(20_000);
  });
});
