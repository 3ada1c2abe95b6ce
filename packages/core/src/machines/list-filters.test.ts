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
const passes = async (r: MachineRecord, ...filters: string[]) => matchesStaticFilters(r, await parseListFilters(filters), noMasters);

describe('name= filter', () => {
  // docker-machine matches host.Driver.GetMachineName(): a copied machine folder keeps the old name.
  it("tests the driver's MachineName, not the directory name", async () => {
    const copied = record('copyx', 'swboth');
    expect(await passes(copied, 'name=copy')).toBe(false);
    expect(await passes(copied, 'name=swboth')).toBe(true);
    expect(await passes(copied, 'name=^swb', 'name=nomatch')).toBe(true);
  });

  it('falls back to the directory name when the driver blob has none', async () => {
    const bare = record('web1', undefined);
    expect(await passes(bare, 'name=web')).toBe(true);
    expect(await passes(bare, 'name=db')).toBe(false);
  });
});

describe('name= filter syntax is Go\'s (RE2), as docker-machine\'s regexp.MatchString', () => {
  const web = record('Web1', 'Web1');
  it.each([
    ['(?i)^web', true],
    ['(?P<n>eb)1', true],
    ['eb[[:digit:]]$', true],
    ['^\\pL\\pL\\pL\\d', true],
    ['^web', false],
  ])('%s matches Web1: %s', async (pattern, expected) => {
    expect(await passes(web, `name=${pattern}`)).toBe(expected);
  });

  it.each([
    ['(?=W)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['a[', 'missing closing ]: `[`'],
  ])('%s is refused with Go\'s parse error', async (pattern, reason) => {
    await expect(parseListFilters([`name=${pattern}`])).rejects.toMatchObject({
      code: 'INVALID_FILTER',
      message: `Invalid name filter "${pattern}": error parsing regexp: ${reason}`,
    });
  });
});
