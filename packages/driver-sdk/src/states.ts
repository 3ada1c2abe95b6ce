/** Machine states, as strings on the wire (docker-machine's state enum, plus NotFound). */
export const MACHINE_STATES = [
  'None', 'Running', 'Paused', 'Saved', 'Stopped', 'Stopping', 'Starting', 'Error', 'Timeout', 'NotFound',
] as const;

export type MachineState = (typeof MACHINE_STATES)[number];

export function isMachineState(value: unknown): value is MachineState {
  return typeof value === 'string' && (MACHINE_STATES as readonly string[]).includes(value);
}

/** How docker-machine displays a state: `None` is an empty string. */
export function displayState(state: MachineState): string {
  return state === 'None' ? '' : state;
}
