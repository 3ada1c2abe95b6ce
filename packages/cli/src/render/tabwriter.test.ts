import { describe, expect, it } from 'vitest';
import { formatTable } from './tabwriter.js';

// Expected outputs were produced by Go 1.19: tabwriter.NewWriter(&buf, 5, 8, 3, ' ', 0), Write, Flush.
const GO_CASES: Array<[string, string]> = [
  ["NAME\tACTIVE\tDRIVER\tSTATE\tURL\tSWARM\tDOCKER\tERRORS\ndefault\t*\tvirtualbox\tRunning\ttcp://192.168.99.100:2376\t\tv18.09.0\t\ndev\t-\tvirtualbox\tStopped\t\t\tUnknown\t\nec2\t-\tamazonec2\tTimeout\t\t\t\t\n", "NAME      ACTIVE   DRIVER       STATE     URL                         SWARM   DOCKER     ERRORS\ndefault   *        virtualbox   Running   tcp://192.168.99.100:2376           v18.09.0   \ndev       -        virtualbox   Stopped                                       Unknown    \nec2       -        amazonec2    Timeout                                                  \n"],
  ["", ""],
  ["abc", "abc"],
  ["a\tb", "a    b"],
  ["a\t", "a"],
  ["a\t\n", "a    \n"],
  ["\n", "\n"],
  ["\n\n", "\n\n"],
  ["a\tb\tc\nxx\ty\n", "a    b    c\nxx   y\n"],
  ["a\tb\nno tabs here\nlonger cell\tc\n", "a    b\nno tabs here\nlonger cell   c\n"],
  ["a\tb\tc\nd\te\nf\tg\th\n", "a    b    c\nd    e\nf    g    h\n"],
  ["aaaaaaaaaaaa\tb\tc\nd\teeeeeeeeeeeeeee\tf\n", "aaaaaaaaaaaa   b                 c\nd              eeeeeeeeeeeeeee   f\n"],
  ["\t\t\n\tx\n", "          \n     x\n"],
  ["héllo\twörld\nx\ty\n", "héllo   wörld\nx       y\n"],
  ["😀😀\tb\nabcdef\tc\n", "😀😀       b\nabcdef   c\n"],
  ["a\u000bb\fc\td\ne\tf\n", "a    b\nc    d\ne    f\n"],
  ["a\tb\nc", "a    b\nc"],
  ["x\ty\tz\n\n1\t2\t3\n", "x    y    z\n\n1    2    3\n"],
  ["a\tb\tc\td\ne\tf\n\tg\th\ti\n", "a    b    c    d\ne    f\n     g    h    i\n"],
  ["k\tv\nkey\n", "k    v\nkey\n"],
];

describe('formatTable', () => {
  it.each(GO_CASES)('formats %j like Go', (input, expected) => {
    expect(formatTable(input)).toBe(expected);
  });

  it('renders the `ls` example of reference §1.7 (Go keeps the padding of terminated cells)', () => {
    const rows = [
      ['NAME', 'ACTIVE', 'DRIVER', 'STATE', 'URL', 'SWARM', 'DOCKER', 'ERRORS'],
      ['default', '*', 'virtualbox', 'Running', 'tcp://192.168.99.100:2376', '', 'v18.09.0', ''],
      ['dev', '-', 'virtualbox', 'Stopped', '', '', 'Unknown', ''],
      ['ec2', '-', 'amazonec2', 'Timeout', '', '', '', ''],
    ];
    const output = formatTable(rows.map((row) => `${row.join('\t')}\n`).join(''));
    const spec = [
      'NAME      ACTIVE   DRIVER       STATE     URL                         SWARM   DOCKER     ERRORS',
      'default   *        virtualbox   Running   tcp://192.168.99.100:2376           v18.09.0',
      'dev       -        virtualbox   Stopped                                       Unknown',
      'ec2       -        amazonec2    Timeout',
    ];
    // The reference prints the example with trailing blanks stripped.
    expect(output.split('\n').map((line) => line.trimEnd())).toEqual([...spec, '']);
    expect(output.split('\n')[1]).toBe(`${spec[1]}   `);
    expect(output.split('\n')[3]).toBe(`${spec[3]}${' '.repeat(3 + 28 + 8 + 11)}`);
  });

  it('sizes each column block separately', () => {
    // Line 2 has no cell in column 1, so lines 1 and 3 form two blocks for column 1.
    expect(formatTable('a\tbbbbbbbbbb\tc\nd\te\nf\tg\th\n')).toBe('a    bbbbbbbbbb   c\nd    e\nf    g    h\n');
  });

  it('honours minwidth, padding and padchar options', () => {
    expect(formatTable('a\tb\nccc\td\n', { minwidth: 0, padding: 1 })).toBe('a   b\nccc d\n');
    expect(formatTable('a\tb\n', { padchar: '.' })).toBe('a....b\n');
    expect(formatTable('abcdefghi\tb\nc\td\n', { padchar: '\t', tabwidth: 8, padding: 1 })).toBe('abcdefghi\tb\nc\t\td\n');
  });
});
