import type { ListedMachine } from '@berth/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LS_FORMAT, renderDefaultTable } from './default-table.js';
import { renderMachineList } from './list-output.js';

const row = (over: Partial<ListedMachine>): ListedMachine => ({
  Name: 'm1', Active: '-', ActiveHost: false, ActiveSwarm: false, DriverName: 'none', State: 'Running',
  URL: 'tcp://127.0.0.1:2376', SwarmOptions: null, Swarm: '', EngineOptions: null, Error: '',
  DockerVersion: 'v24.0.7', ResponseTime: 12, ...over,
});

const rows: ListedMachine[] = [
  row({}),
  row({ Name: 'web-é', Active: '* (swarm)', State: 'Stopped', URL: '', DockerVersion: 'Unknown', Swarm: 'web-é (master)' }),
  row({ Name: 'x', DriverName: 'virtualbox', State: 'Timeout', URL: '', DockerVersion: '', Error: 'Unable to query docker version: Get https://10.0.0.1:2376/version: timeout, tab\there' }),
  row({ Name: 'long-machine-name-with-日本語', State: '', URL: 'tcp://[::1]:2376', Error: 'a\nb' }),
];

describe('renderMachineList', () => {
  it('renders the default table exactly as its template does', () => {
    // The same template spelled with `\t` escapes, as a user would type it: it runs the template engine.
    const typed = DEFAULT_LS_FORMAT.replace(/\t/g, '\\t');
    expect(typed).not.toBe(DEFAULT_LS_FORMAT);
    const viaTemplate = renderMachineList(rows, typed);
    expect(renderDefaultTable(rows)).toBe(viaTemplate);
    expect(renderMachineList(rows)).toBe(viaTemplate);
    expect(renderMachineList(rows, DEFAULT_LS_FORMAT)).toBe(viaTemplate);
    expect(renderMachineList(rows, '')).toBe(viaTemplate);
    expect(renderDefaultTable([])).toBe(renderMachineList([], typed));
    expect(viaTemplate.split('\n')[0]).toMatch(/^NAME +ACTIVE +DRIVER +STATE +URL +SWARM +DOCKER +ERRORS$/);
  });
});
