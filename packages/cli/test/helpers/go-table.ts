// An independent rendering of Go's text/tabwriter for the cases `ls` produces (minwidth 5,
// padding 3, pad char ' ', no flags): a tab-terminated cell is padded to its column's width,
// width = max(minwidth, widest cell + padding); the last cell of a line is not aligned.
// Used to build expected `ls` tables; every line here has the same number of cells.
export function goTable(rows: ReadonlyArray<readonly string[]>, minwidth = 5, padding = 3): string {
  const columns = Math.max(...rows.map((r) => r.length)) - 1;
  const widths: number[] = [];
  for (let c = 0; c < columns; c++) {
    const widest = Math.max(...rows.map((r) => [...(r[c] ?? '')].length));
    widths.push(Math.max(minwidth, widest + padding));
  }
  return rows
    .map((r) => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c] ?? 0, ' ') : cell)).join('') + '\n')
    .join('');
}

export const LS_HEADER = ['NAME', 'ACTIVE', 'DRIVER', 'STATE', 'URL', 'SWARM', 'DOCKER', 'ERRORS'] as const;
