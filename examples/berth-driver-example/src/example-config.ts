/**
 * The example driver's create flags and its driver config: the JSON object berth stores in the
 * machine's config.json (`Driver` field) and hands back on every call. berth never looks inside it;
 * the driver owns its shape, so it checks what comes back before using it.
 */
import { DriverError, ErrorCodes } from '@berth/driver-sdk';
import type { DriverConfig, Flag, FlagValue, MachineRef } from '@berth/driver-sdk';

/** What the pretend cloud remembers about one machine. */
export interface ExampleConfig {
  /** The Docker URL the machine reports (`berth url`, `berth env`). */
  url: string;
  cpus: number;
  tags: string[];
  /** Set by `create`, dropped by `remove`: the machine's instance in the pretend cloud. */
  instance?: ExampleInstance;
}

export interface ExampleInstance {
  id: string;
  state: 'Running' | 'Stopped';
}

export const DEFAULT_URL = 'tcp://127.0.0.1:2376';

/**
 * One flag of each common type. By convention flag names start with the driver's name, and each has
 * an environment variable the CLI reads when the flag is not given.
 */
export const EXAMPLE_FLAGS: Flag[] = [
  { name: 'example-url', type: 'string', usage: 'Docker URL the machine reports', envVar: 'EXAMPLE_URL', default: DEFAULT_URL },
  { name: 'example-cpus', type: 'int', usage: 'Number of CPUs of the instance', envVar: 'EXAMPLE_CPUS', default: 1 },
  { name: 'example-tags', type: 'stringSlice', usage: 'Tag to put on the instance (repeatable)', envVar: 'EXAMPLE_TAGS' },
];

/**
 * `berth create` flags → config of a machine not created yet. The host sends only flags that have a
 * value, so a missing key means "not given": fall back to the default.
 */
export function configFromFlags(flags: Record<string, FlagValue>): ExampleConfig {
  const url = flags['example-url'] ?? DEFAULT_URL;
  if (typeof url !== 'string' || !isDockerURL(url)) {
    throw new DriverError(ErrorCodes.INVALID_FLAG, `--example-url must look like tcp://HOST:PORT, got "${String(url)}"`, {
      hint: `For example --example-url ${DEFAULT_URL}`,
    });
  }
  const cpus = flags['example-cpus'] ?? 1;
  if (typeof cpus !== 'number' || !Number.isInteger(cpus) || cpus < 1 || cpus > 64) {
    throw new DriverError(ErrorCodes.INVALID_FLAG, `--example-cpus must be a whole number from 1 to 64, got ${String(cpus)}`);
  }
  const tags = flags['example-tags'] ?? [];
  if (!Array.isArray(tags)) {
    throw new DriverError(ErrorCodes.INVALID_FLAG, '--example-tags must be a list of strings');
  }
  return { url, cpus, tags };
}

/** The config berth sent back, checked: a hand-edited config.json is a user error, not a crash. */
export function readConfig(machine: MachineRef): ExampleConfig {
  const { url, cpus, tags, instance } = machine.config;
  const isValid =
    typeof url === 'string' &&
    typeof cpus === 'number' &&
    Array.isArray(tags) && tags.every((tag) => typeof tag === 'string') &&
    (instance === undefined || isInstance(instance));
  if (!isValid) {
    throw new DriverError(ErrorCodes.INVALID_CONFIG, `machine "${machine.name}" has an invalid example driver config`, {
      hint: `Check the Driver field of ${machine.dir}/config.json, or remove the machine and create it again.`,
    });
  }
  return instance === undefined ? { url, cpus, tags } : { url, cpus, tags, instance };
}

/** An ExampleConfig as the plain JSON object the SDK returns to the host. */
export function toDriverConfig(config: ExampleConfig): DriverConfig {
  return { ...config };
}

/** The host part of the URL, without port or IPv6 brackets: `tcp://[::1]:2376` → `::1`. */
export function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
}

function isInstance(value: unknown): value is ExampleInstance {
  if (typeof value !== 'object' || value === null) return false;
  const { id, state } = value as Record<string, unknown>;
  return typeof id === 'string' && (state === 'Running' || state === 'Stopped');
}

function isDockerURL(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'tcp:' && url.hostname !== '' && url.port !== '';
  } catch {
    return false;
  }
}
