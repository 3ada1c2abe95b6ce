/** Create flags a driver declares (docker-machine's mcnflag). */
export type FlagType = 'string' | 'int' | 'bool' | 'stringSlice';

export type FlagValue = string | number | boolean | string[];

export interface Flag {
  /** Without leading dashes, e.g. `generic-ip-address`. */
  name: string;
  type: FlagType;
  usage: string;
  /** Environment variable the CLI reads when the flag is not given (slices: comma-separated). */
  envVar?: string;
  default?: FlagValue;
}

export const FLAG_TYPES: readonly FlagType[] = ['string', 'int', 'bool', 'stringSlice'];
