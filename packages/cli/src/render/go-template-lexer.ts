// Lexer for Go text/template (a port of text/template/parse/lex.go with the default `{{ }}`
// delimiters). It returns every token at once; a lexing error becomes a final 'error' token.
import { quoteGoString } from './go-fmt.js';

export type TokenType =
  | 'text' | 'leftDelim' | 'rightDelim' | 'space' | 'identifier' | 'keyword' | 'field' | 'dot'
  | 'variable' | 'string' | 'rawString' | 'charConstant' | 'number' | 'bool' | 'nil' | 'char'
  | 'pipe' | 'leftParen' | 'rightParen' | 'declare' | 'assign' | 'eof' | 'error';

export interface Token {
  type: TokenType;
  value: string;
  /** Offset of the token in the source (UTF-16 index). */
  pos: number;
  line: number;
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

export function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isAlphaNumeric(ch: string | undefined): boolean {
  return ch !== undefined && /^[\p{L}\p{Nd}_]$/u.test(ch);
}

/** Go's %#U: `U+0023 '#'`. */
export function formatRune(ch: string): string {
  const code = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `U+${code} '${ch}'`;
}

class Lexer {
  readonly tokens: Token[] = [];
  private start = 0;
  private pos = 0;
  private parenDepth = 0;

  constructor(private readonly input: string) {}

  run(): Token[] {
    let inAction = false;
    while (this.tokens.at(-1)?.type !== 'eof' && this.tokens.at(-1)?.type !== 'error') {
      inAction = inAction ? this.lexInsideAction() : this.lexText();
    }
    return this.tokens;
  }

  private emit(type: TokenType, value = this.input.slice(this.start, this.pos)): void {
    this.tokens.push({ type, value, pos: this.start, line: lineAt(this.input, this.start) });
    this.start = this.pos;
  }

  private fail(message: string): boolean {
    this.tokens.push({ type: 'error', value: message, pos: this.start, line: lineAt(this.input, this.start) });
    return false;
  }

  private peek(): string | undefined {
    const code = this.input.codePointAt(this.pos);
    return code === undefined ? undefined : String.fromCodePoint(code);
  }

  private next(): string | undefined {
    const ch = this.peek();
    if (ch !== undefined) this.pos += ch.length;
    return ch;
  }

  /** Returns true when the lexer is left inside an action. */
  private lexText(): boolean {
    const delim = this.input.indexOf('{{', this.pos);
    if (delim < 0) {
      this.pos = this.input.length;
      if (this.pos > this.start) this.emit('text');
      this.emit('eof', '');
      return false;
    }
    const afterDelim = this.input.slice(delim + 2);
    const trimLeft = afterDelim[0] === '-' && isSpace(afterDelim[1]);
    let textEnd = delim;
    if (trimLeft) while (textEnd > this.start && isSpace(this.input[textEnd - 1])) textEnd--;
    if (textEnd > this.start) {
      this.pos = textEnd;
      this.emit('text');
    }
    this.start = delim;
    this.pos = delim + 2;
    const afterMarker = trimLeft ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + afterMarker)) {
      this.pos += afterMarker;
      return this.lexComment();
    }
    this.emit('leftDelim');
    this.pos += afterMarker;
    this.start = this.pos;
    this.parenDepth = 0;
    return true;
  }

  private lexComment(): boolean {
    const end = this.input.indexOf('*/', this.pos + 2);
    if (end < 0) return this.fail('unclosed comment');
    this.pos = end + 2;
    const { isDelim, trim } = this.atRightDelim();
    if (!isDelim) return this.fail('comment ends before closing delimiter');
    this.pos += (trim ? 2 : 0) + 2;
    if (trim) this.skipLeadingSpace();
    this.start = this.pos;
    return false;
  }

  private atRightDelim(): { isDelim: boolean; trim: boolean } {
    const rest = this.input.slice(this.pos);
    if (isSpace(rest[0]) && rest[1] === '-' && rest.startsWith('}}', 2)) return { isDelim: true, trim: true };
    return { isDelim: rest.startsWith('}}'), trim: false };
  }

  private skipLeadingSpace(): void {
    while (isSpace(this.input[this.pos])) this.pos++;
  }

  private lexRightDelim(): boolean {
    const { trim } = this.atRightDelim();
    if (trim) this.start = this.pos += 2;
    this.pos += 2;
    this.emit('rightDelim');
    if (trim) {
      this.skipLeadingSpace();
      this.start = this.pos;
    }
    return false;
  }

  private lexInsideAction(): boolean {
    if (this.atRightDelim().isDelim) {
      if (this.parenDepth === 0) return this.lexRightDelim();
      return this.fail('unclosed left paren');
    }
    const ch = this.next();
    if (ch === undefined) return this.fail('unclosed action');
    if (isSpace(ch)) return this.lexSpace();
    if (ch === '=') this.emit('assign');
    else if (ch === ':') {
      if (this.next() !== '=') return this.fail('expected :=');
      this.emit('declare');
    } else if (ch === '|') this.emit('pipe');
    else if (ch === '"') return this.lexQuoted('"', 'string', 'unterminated quoted string');
    else if (ch === '`') return this.lexRaw();
    else if (ch === "'") return this.lexQuoted("'", 'charConstant', 'unterminated character constant');
    else if (ch === '$') return this.lexFieldOrVariable('variable');
    else if (ch === '.' && !/^[0-9]$/.test(this.input[this.pos] ?? '')) return this.lexFieldOrVariable('field');
    else if (/^[.+\-0-9]$/.test(ch)) {
      this.pos -= ch.length;
      return this.lexNumber();
    } else if (isAlphaNumeric(ch)) return this.lexIdentifier();
    else if (ch === '(') {
      this.emit('leftParen');
      this.parenDepth++;
    } else if (ch === ')') {
      this.emit('rightParen');
      if (--this.parenDepth < 0) return this.fail(`unexpected right paren ${formatRune(ch)}`);
    } else if (/^[\x20-\x7e]$/.test(ch)) this.emit('char');
    else return this.fail(`unrecognized character in action: ${formatRune(ch)}`);
    return true;
  }

  private lexSpace(): boolean {
    let count = 1;
    while (isSpace(this.peek())) {
      this.next();
      count++;
    }
    const rest = this.input.slice(this.pos - 1);
    if (rest[1] === '-' && rest.startsWith('}}', 2)) {
      this.pos--;
      if (count === 1) return this.lexRightDelim();
    }
    this.emit('space');
    return true;
  }

  private atTerminator(): boolean {
    const ch = this.peek();
    if (ch === undefined || isSpace(ch) || '.,|:)('.includes(ch)) return true;
    return this.input.startsWith('}}', this.pos);
  }

  private lexIdentifier(): boolean {
    while (isAlphaNumeric(this.peek())) this.next();
    if (!this.atTerminator()) return this.fail(`bad character ${formatRune(this.peek() ?? '')}`);
    const word = this.input.slice(this.start, this.pos);
    if (KEYWORDS.has(word)) this.emit('keyword');
    else if (word === 'true' || word === 'false') this.emit('bool');
    else if (word === 'nil') this.emit('nil');
    else this.emit('identifier');
    return true;
  }

  private lexFieldOrVariable(type: 'field' | 'variable'): boolean {
    if (this.atTerminator()) {
      this.emit(type === 'variable' ? 'variable' : 'dot');
      return true;
    }
    while (isAlphaNumeric(this.peek())) this.next();
    if (!this.atTerminator()) return this.fail(`bad character ${formatRune(this.peek() ?? '')}`);
    this.emit(type);
    return true;
  }

  private lexNumber(): boolean {
    const match = /^[+-]?(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]*)?|0[oO][0-7_]*|0[bB][01_]*|[0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]*)?)i?/.exec(this.input.slice(this.pos));
    this.pos += match?.[0].length ?? 0;
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return this.fail(`bad number syntax: ${quoteGoString(this.input.slice(this.start, this.pos))}`);
    }
    this.emit('number');
    return true;
  }

  private lexQuoted(quote: string, type: TokenType, unterminated: string): boolean {
    for (;;) {
      const ch = this.next();
      if (ch === '\\') {
        const escaped = this.next();
        if (escaped !== undefined && escaped !== '\n') continue;
        return this.fail(unterminated);
      }
      if (ch === undefined || ch === '\n') return this.fail(unterminated);
      if (ch === quote) break;
    }
    this.emit(type);
    return true;
  }

  private lexRaw(): boolean {
    const end = this.input.indexOf('`', this.pos);
    if (end < 0) return this.fail('unterminated raw quoted string');
    this.pos = end + 1;
    this.emit('rawString');
    return true;
  }
}

/** Go's item.String(), used in "unexpected X in Y" messages. */
export function describeToken(token: Token): string {
  if (token.type === 'eof') return 'EOF';
  if (token.type === 'keyword' || token.type === 'dot' || token.type === 'nil') return `<${token.value}>`;
  if (Buffer.byteLength(token.value) > 10) return `${quoteGoString([...token.value].slice(0, 10).join(''))}...`;
  return quoteGoString(token.value);
}

export function lineAt(input: string, pos: number): number {
  let line = 1;
  for (let i = input.indexOf('\n'); i >= 0 && i < pos; i = input.indexOf('\n', i + 1)) line++;
  return line;
}

export function lexTemplate(input: string): Token[] {
  return new Lexer(input).run();
}
