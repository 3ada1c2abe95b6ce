/**
 * valibot schemas for everything a driver sends back. Drivers are third-party code, so nothing they
 * send is trusted until it has passed one of these (STYLE rule 3).
 */
import * as v from 'valibot';
import { FLAG_TYPES, MACHINE_STATES } from '@berth/driver-sdk';
import type {
  ConfigResult,
  DriverErrorData,
  EmptyResult,
  Flag,
  InitializeResult,
  IPResult,
  LogLevel,
  ProgressParams,
  SSHInfoResult,
  StateResult,
  URLResult,
} from '@berth/driver-sdk';

/** A schema whose output is the wire type `T`. */
export type ResultSchema<T> = v.GenericSchema<unknown, T>;

const FlagValueSchema = v.union([v.string(), v.number(), v.boolean(), v.array(v.string())]);

export const FlagSchema: ResultSchema<Flag> = v.object({
  name: v.pipe(v.string(), v.nonEmpty()),
  type: v.picklist(FLAG_TYPES),
  usage: v.string(),
  envVar: v.optional(v.string()),
  default: v.optional(FlagValueSchema),
});

/** Capabilities a driver leaves out default to true: the method then answers NOT_SUPPORTED itself if it must. */
export const InitializeResultSchema: ResultSchema<InitializeResult> = v.object({
  protocolVersion: v.pipe(v.number(), v.integer()),
  driver: v.object({ name: v.string(), version: v.string() }),
  capabilities: v.optional(
    v.object({
      provision: v.optional(v.boolean(), true),
      start: v.optional(v.boolean(), true),
      stop: v.optional(v.boolean(), true),
      restart: v.optional(v.boolean(), true),
      kill: v.optional(v.boolean(), true),
    }),
    {},
  ),
  createFlags: v.optional(v.array(FlagSchema), []),
});

export const ConfigResultSchema: ResultSchema<ConfigResult> = v.object({
  config: v.record(v.string(), v.unknown()),
});

export const EmptyResultSchema: ResultSchema<EmptyResult> = v.pipe(
  v.union([v.record(v.string(), v.unknown()), v.null()]),
  v.transform((): EmptyResult => ({})),
);

export const StateResultSchema: ResultSchema<StateResult> = v.object({ state: v.picklist(MACHINE_STATES) });

export const URLResultSchema: ResultSchema<URLResult> = v.object({ url: v.string() });

export const IPResultSchema: ResultSchema<IPResult> = v.object({ ip: v.string() });

export const SSHInfoResultSchema: ResultSchema<SSHInfoResult> = v.object({
  host: v.string(),
  port: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65_535)),
  user: v.string(),
  keyPath: v.string(),
});

export const ProgressParamsSchema: ResultSchema<ProgressParams> = v.object({
  machine: v.string(),
  message: v.string(),
  percent: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(100))),
});

export const DriverErrorDataSchema: ResultSchema<DriverErrorData> = v.object({
  code: v.pipe(v.string(), v.regex(/^[A-Z][A-Z0-9_]*$/)),
  hint: v.optional(v.string()),
});

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const satisfies readonly LogLevel[];

/** One JSON line on a driver's stderr. Unknown levels are logged at debug. */
export const LogLineSchema = v.object({
  level: v.fallback(v.picklist(LOG_LEVELS), 'debug'),
  msg: v.string(),
  machine: v.optional(v.string()),
});

export type LogLine = v.InferOutput<typeof LogLineSchema>;

/** Parses `value` or returns a one-line summary of what is wrong with it. */
export function checkResult<T>(schema: ResultSchema<T>, value: unknown): { ok: true; value: T } | { ok: false; problem: string } {
  const result = v.safeParse(schema, value);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, problem: v.summarize(result.issues).replaceAll('\n', '; ') };
}
