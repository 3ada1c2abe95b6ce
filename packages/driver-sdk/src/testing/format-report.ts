import type { ConformanceReport } from './run-conformance.js';

/** The report as PASS/FAIL lines, each failure's message indented under it, and a summary line. */
export function formatConformanceReport(report: ConformanceReport): string {
  const lines: string[] = [];
  for (const check of report.checks) {
    lines.push(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name} (${check.durationMs} ms)`);
    if (check.error !== undefined) lines.push(...check.error.split('\n').map((line) => `      ${line}`));
  }
  const failed = report.checks.filter((check) => !check.ok).length;
  lines.push(`${report.driverName}: ${report.checks.length - failed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}
