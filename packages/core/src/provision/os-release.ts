/**
 * /etc/os-release parsing (reference §6.1). docker-machine split each line on every `=` and dropped
 * lines that did not give exactly two parts, so any value containing `=` was lost; it also only
 * stripped double quotes. This follows os-release(5): `KEY=value`, split on the first `=`, the value
 * optionally in double quotes (shell-style backslash escapes for `\ " $ \``) or single quotes (taken
 * literally), comments and blank lines ignored.
 */

/** The fields of an os-release file (ID, ID_LIKE, VERSION_ID, PRETTY_NAME, ...), as written. */
export type OsRelease = Readonly<Record<string, string>>;

const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Characters a backslash escapes inside double quotes, as in the shell (os-release(5)). */
const DOUBLE_QUOTE_ESCAPABLE = new Set(['\\', '"', '$', '`']);

export function parseOsRelease(text: string): OsRelease {
  const fields: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const key = line.slice(0, equals).trim();
    if (!KEY_PATTERN.test(key)) continue;
    fields[key] = parseValue(line.slice(equals + 1).trim());
  }
  return fields;
}

/** One assignment's right-hand side. An unterminated quote keeps the rest of the line. */
function parseValue(raw: string): string {
  const quote = raw[0];
  if (quote === "'") {
    const end = raw.indexOf("'", 1);
    return end === -1 ? raw.slice(1) : raw.slice(1, end);
  }
  if (quote === '"') return unescapeUntil(raw, 1, (char) => DOUBLE_QUOTE_ESCAPABLE.has(char), '"');
  return unescapeUntil(raw, 0, () => true, undefined);
}

/**
 * Reads from `start` until the closing `terminator` (or the end), turning `\x` into `x` when
 * `isEscapable(x)` and keeping the backslash otherwise (the shell's rule inside double quotes).
 */
function unescapeUntil(raw: string, start: number, isEscapable: (char: string) => boolean, terminator: string | undefined): string {
  let value = '';
  for (let i = start; i < raw.length; i++) {
    const char = raw[i] as string;
    if (char === terminator) return value;
    const next = raw[i + 1];
    if (char === '\\' && next !== undefined && isEscapable(next)) {
      value += next;
      i++;
      continue;
    }
    value += char;
  }
  return value;
}

/** The name to show for a machine's OS: PRETTY_NAME, else NAME, else ID, else "unknown". */
export function describeOs(osRelease: OsRelease): string {
  return osRelease['PRETTY_NAME'] || osRelease['NAME'] || osRelease['ID'] || 'unknown';
}

/** ID_LIKE as a list (space-separated, os-release(5)). */
export function idLike(osRelease: OsRelease): string[] {
  return (osRelease['ID_LIKE'] ?? '').split(/\s+/).filter((word) => word !== '');
}
