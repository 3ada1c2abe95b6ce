import type { ListedMachine } from '@berth/core';
import { formatGoDuration } from './go-duration.js';
import { DEFAULT_LS_FORMAT, renderDefaultTable } from './default-table.js';
import { asGoStruct } from './go-fmt.js';
import { goEngineOptions, goSwarmOptions } from './go-host-options.js';
import { parseTemplate, prepareListFormat } from './go-template.js';
import { formatTable } from './tabwriter.js';

/** The header row: each field replaced by its column title (reference §1.7 point 6). */
const HEADERS: Record<string, string> = {
  Name: 'NAME', Active: 'ACTIVE', ActiveHost: 'ACTIVE_HOST', ActiveSwarm: 'ACTIVE_SWARM', DriverName: 'DRIVER',
  State: 'STATE', URL: 'URL', SwarmOptions: 'SWARM_OPTIONS', Swarm: 'SWARM', EngineOptions: 'ENGINE_OPTIONS',
  Error: 'ERRORS', DockerVersion: 'DOCKER', ResponseTime: 'RESPONSE',
};

/**
 * Renders `ls` rows with a Go template (`table` prefix → header + aligned columns). An empty format is
 * the default table, as in docker-machine (urfave/cli cannot tell `--format ''` from no flag).
 */
export function renderMachineList(rows: readonly ListedMachine[], format?: string): string {
  if (!format || format === DEFAULT_LS_FORMAT) return renderDefaultTable(rows);
  const { template: source, isTable } = prepareListFormat(format);
  const template = parseTemplate(source);
  let text = '';
  if (isTable) text += `${template.execute(HEADERS)}\n`;
  for (const row of rows) {
    // docker-machine executes the template on a commands.HostListItem struct: a mistyped field is an error.
    text += `${template.execute(goListItem(row))}\n`;
  }
  return isTable ? formatTable(text) : text;
}

/** The row as docker-machine's commands.HostListItem struct. */
function goListItem(row: ListedMachine): object {
  return asGoStruct(
    {
      ...row,
      SwarmOptions: goSwarmOptions(row.SwarmOptions),
      EngineOptions: goEngineOptions(row.EngineOptions),
      ResponseTime: formatGoDuration(row.ResponseTime),
    },
    'commands.HostListItem',
  );
}

export function renderMachineListJSON(rows: readonly ListedMachine[]): string {
  return `${JSON.stringify(rows, null, 4)}\n`;
}
