import type { ListedMachine } from '@berth/core';
import { formatTable } from './tabwriter.js';

/** docker-machine's default `ls` format. */
export const DEFAULT_LS_FORMAT =
  'table {{.Name}}\t{{.Active}}\t{{.DriverName}}\t{{.State}}\t{{.URL}}\t{{.Swarm}}\t{{.DockerVersion}}\t{{.Error}}';

/**
 * The text DEFAULT_LS_FORMAT gives, without loading the template engine (`ls` at a shell prompt):
 * its fields are all strings, which Go prints as they are. default-table.test.ts checks the two
 * against each other.
 */
export function renderDefaultTable(rows: readonly ListedMachine[]): string {
  let text = 'NAME\tACTIVE\tDRIVER\tSTATE\tURL\tSWARM\tDOCKER\tERRORS\n';
  for (const r of rows) text += `${r.Name}\t${r.Active}\t${r.DriverName}\t${r.State}\t${r.URL}\t${r.Swarm}\t${r.DockerVersion}\t${r.Error}\n`;
  return formatTable(text);
}
