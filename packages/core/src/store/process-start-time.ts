import { readFileSync } from 'node:fs';

/**
 * When process `pid` started, as the kernel counts it (Linux: field 22 of /proc/<pid>/stat, clock
 * ticks since boot), or undefined where that cannot be read (another OS, no such process). With the
 * pid it names one process for good: a pid reused after its owner died has another start time.
 */
export function processStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or ')': count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTime = fields[19]; // field 22 overall; fields[0] is field 3
  return startTime !== undefined && /^\d+$/.test(startTime) ? startTime : undefined;
}
