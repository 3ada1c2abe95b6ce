/**
 * The line on stderr while npm runs: a spinner on a terminal, otherwise each step's text once (so logs
 * and CI output stay readable). stdout is left alone for the result lines.
 */
import type { CliContext } from '../context.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Fast enough to look alive, slow enough to cost nothing. */
const FRAME_MS = 80;

export interface ProgressLine {
  /** Shows `text` as the current step. */
  update(text: string): void;
  /** Clears the spinner (on a terminal); idempotent. */
  stop(): void;
}

export function startProgressLine(ctx: CliContext, isTTY = process.stderr.isTTY === true): ProgressLine {
  if (!isTTY) {
    return { update: (text) => ctx.stderr(`${text}\n`), stop: () => {} };
  }
  let text = '';
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => ctx.stderr(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${text}`);
  return {
    update(next) {
      text = next;
      draw();
      timer ??= setInterval(draw, FRAME_MS).unref();
    },
    stop() {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      ctx.stderr('\r\x1b[K');
    },
  };
}
