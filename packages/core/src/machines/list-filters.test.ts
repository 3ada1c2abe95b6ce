import { describe, expect, it } from 'vitest';
import { newMachineRecord } from '../store/new-record.js';
import type { MachineRecord } from '../store/record.js';
import { matchesStaticFilters, parseListFilters } from './list-filters.js';

/** A record in directory `dir` whose driver blob names the machine `machineName` (absent when undefined). */
function record(dir: string, machineName: string | undefined): MachineRecord {
  const driverConfig = machineName === undefined ? {} : { MachineName: machineName };
  return newMachineRecord({ name: dir, storePath: '/store', driverName: 'none', driverConfig });
}

const noMasters = () => undefined;
const passes = (r: MachineRecord, ...filters: string[]) => matchesStaticFilters(r, parseListFilters(filters), noMasters);

describe('name= filter', () => {
  // docker-machine matches host.Driver.GetMachineName(): a copied machine folder keeps the old name.
  it("tests the driver's MachineName, not the directory name", () => {
    const copied = record('copyx', 'swboth');
    expect(passes(copied, 'name=copy')).toBe(false);
    expect(passes(copied, 'name=swboth')).toBe(true);
    expect(passes(copied, 'name=^swb', 'name=nomatch')).toBe(true);
  });

  it('falls back to the directory name when the driver blob has none', () => {
    const bare = record('web1', undefined);
    expect(passes(bare, 'name=web')).toBe(true);
    expect(passes(bare, 'name=db')).toBe(false);
  });
});
