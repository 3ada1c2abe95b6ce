import type { Flag } from '@berth/driver-sdk';
import type { CliContext } from './context.js';

/** The driver chosen in create's phase 1, handed to the create handler. */
export interface CreateDriver {
  name: string;
  flags: readonly Flag[];
}

const chosen = new WeakMap<CliContext, CreateDriver>();

export function setCreateDriver(ctx: CliContext, driver: CreateDriver): void {
  chosen.set(ctx, driver);
}

export function getCreateDriver(ctx: CliContext): CreateDriver | undefined {
  return chosen.get(ctx);
}
