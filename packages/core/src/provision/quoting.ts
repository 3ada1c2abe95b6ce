/**
 * Quoting for the three languages provisioning writes: POSIX shell (commands and sourced option files)
 * and systemd unit files. docker-machine pushed everything through a double-quoted `printf`, so a value
 * with a quote, `$` or backslash broke the file; here each value is quoted for the reader that parses it.
 */

/** A POSIX shell word: bare when it is plainly safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Text to place between single quotes in a shell file (a `'` closes, escapes and reopens). */
export function shellSingleQuotedBody(text: string): string {
  return text.replace(/'/g, `'\\''`);
}

/** A shell double-quoted string: `\`, `"`, `$` and backquote escaped. */
export function shellDoubleQuote(text: string): string {
  return `"${text.replace(/[\\"$`]/g, (char) => `\\${char}`)}"`;
}

const SYSTEMD_C_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/**
 * One word of a systemd `ExecStart=` or `Environment=` line (systemd.service(5), systemd.syntax(7)):
 * `%` starts a specifier everywhere, so it is doubled; in `ExecStart=` `$` starts a variable, so it is
 * doubled too (`escapeDollar`); a word with whitespace, quotes, backslashes or a `;` goes in double
 * quotes with C escapes. Plain words come out unchanged, so ordinary options stay byte-identical to
 * docker-machine's.
 */
export function systemdWord(word: string, options: { escapeDollar: boolean }): string {
  let escaped = word.replace(/%/g, '%%');
  if (options.escapeDollar) escaped = escaped.replace(/\$/g, '$$$$');
  if (escaped !== '' && !/[\s"'\\;]/.test(escaped)) return escaped;
  return `"${escaped.replace(/[\\"\n\t\r]/g, (char) => SYSTEMD_C_ESCAPES[char] ?? char)}"`;
}
