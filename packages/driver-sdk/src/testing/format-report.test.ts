import { describe, expect, it } from 'vitest';
import { formatConformanceReport } from './format-report.js';

describe('formatConformanceReport', () => {
  it('prints PASS and FAIL lines, failure messages indented, and a summary', () => {
    expect(formatConformanceReport({
      driverName: 'mycloud',
      ok: false,
      checks: [
        { name: 'first', ok: true, durationMs: 12 },
        { name: 'second', ok: false, error: 'went wrong:\n- here', durationMs: 3000 },
      ],
    })).toBe('PASS  first (12 ms)\nFAIL  second (3000 ms)\n      went wrong:\n      - here\nmycloud: 1 passed, 1 failed\n');
  });
});
