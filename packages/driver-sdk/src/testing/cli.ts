/** `berth-driver-conformance`: the suite from a shell or a CI step. Returns the exit status. */
import { parseConformanceArgs, USAGE } from './cli-args.js';
import { formatConformanceReport } from './format-report.js';
import { runConformance } from './run-conformance.js';

export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** 0 when every check passed, 1 when one failed, 2 for a usage error. */
export async function runConformanceCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  let parsed;
  try {
    parsed = parseConformanceArgs(argv);
  } catch (err) {
    streams.stderr.write(`berth-driver-conformance: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.kind === 'help') {
    streams.stdout.write(USAGE);
    return 0;
  }
  const report = await runConformance(parsed.options);
  streams.stdout.write(parsed.json ? `${JSON.stringify(report, null, 2)}\n` : formatConformanceReport(report));
  return report.ok ? 0 : 1;
}
