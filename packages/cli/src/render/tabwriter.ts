// A port of Go's text/tabwriter (flags = 0), which docker-machine's `ls` uses as
// tabwriter.NewWriter(os.Stdout, 5, 1, 3, ' ', 0).
//
// Cells end with a TAB (or \v); lines end with \n (or \f). The last cell of a line is not part of
// a column. A column block is a run of consecutive lines that all have a cell in that column;
// its width is max(minwidth, widest cell + padding), computed per block. Cells are left-aligned
// and padded, including terminated empty cells, so padded lines keep trailing spaces as in Go.

export interface TabwriterOptions {
  /** Minimal cell width including any padding. Default 5. */
  minwidth?: number;
  /** Width of a tab character in columns (only used when padchar is '\t'). Default 8. */
  tabwidth?: number;
  /** Added to a cell's width when computing the column width. Default 3. */
  padding?: number;
  /** Padding character; '\t' pads with tabs, assuming tab stops every `tabwidth`. Default ' '. */
  padchar?: string;
}

interface Cell {
  text: string;
  /** Width in Unicode code points (Go's utf8.RuneCount). */
  width: number;
}

type Line = Cell[];

function parseLines(text: string): Line[] {
  const lines: Line[] = [[]];
  let cellStart = 0;
  const addCell = (end: number): void => {
    const cellText = text.slice(cellStart, end);
    lines.at(-1)!.push({ text: cellText, width: [...cellText].length });
    cellStart = end + 1;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\t' || ch === '\v') addCell(i);
    else if (ch === '\n' || ch === '\f') {
      addCell(i);
      lines.push([]);
    }
  }
  // Go's Flush terminates a pending cell only when it holds text.
  if (cellStart < text.length) addCell(text.length);
  return lines;
}

class Formatter {
  private readonly widths: number[] = [];
  private out = '';

  constructor(private readonly lines: Line[], private readonly options: Required<TabwriterOptions>) {}

  run(): string {
    this.format(0, this.lines.length);
    return this.out;
  }

  /** Go's Writer.format: recursively finds column blocks, then writes the lines. */
  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= this.lines[current]!.length - 1) continue;
      // A cell exists in this column: this line starts a column block.
      this.writeLines(line0, current);
      line0 = current;
      let width = this.options.minwidth;
      for (; current < line1; current++) {
        const line = this.lines[current]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column]!.width + this.options.padding);
      }
      this.widths.push(width);
      this.format(line0, current);
      this.widths.pop();
      line0 = current;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      line.forEach((cell, j) => {
        this.out += cell.text;
        const width = this.widths[j];
        if (width !== undefined) this.writePadding(cell.width, width);
      });
      // The last line is what followed the final newline: nothing more to write.
      if (i + 1 < this.lines.length) this.out += '\n';
    }
  }

  private writePadding(textWidth: number, cellWidth: number): void {
    const { padchar, tabwidth } = this.options;
    if (padchar === '\t') {
      if (tabwidth === 0) return;
      const rounded = Math.ceil(cellWidth / tabwidth) * tabwidth;
      this.out += '\t'.repeat(Math.ceil((rounded - textWidth) / tabwidth));
      return;
    }
    this.out += padchar.repeat(cellWidth - textWidth);
  }
}

/** Formats tab-separated text the way Go's tabwriter.Writer does on Write + Flush. */
export function formatTable(text: string, options: TabwriterOptions = {}): string {
  const resolved: Required<TabwriterOptions> = {
    minwidth: options.minwidth ?? 5,
    tabwidth: options.tabwidth ?? 8,
    padding: options.padding ?? 3,
    padchar: options.padchar ?? ' ',
  };
  return new Formatter(parseLines(text), resolved).run();
}
