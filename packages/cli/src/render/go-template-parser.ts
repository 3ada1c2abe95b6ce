// Parser for Go text/template (a port of text/template/parse/parse.go). Errors read exactly
// like Go's: `template: :LINE: message`.
import { quoteGoString } from './go-fmt.js';
import type { Command, Node, Operand, Pipe } from './go-template-ast.js';
import { describeToken, lexTemplate, type Token } from './go-template-lexer.js';
import { parseGoNumber, unquoteGo } from './go-template-literals.js';

export class TemplateSyntaxError extends Error {}

type Terminator = { kind: 'end' | 'else'; pos: number };

class Parser {
  private index = 0;
  private furthest = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;

  constructor(private readonly tokens: Token[], private readonly functions: ReadonlySet<string>) {}

  parse(): Node[] {
    const root: Node[] = [];
    while (this.peek().type !== 'eof') {
      const node = this.textOrAction();
      if ('kind' in node && (node.kind === 'end' || node.kind === 'else')) this.errorf(`unexpected {{${node.kind}}}`);
      root.push(node as Node);
    }
    return root;
  }

  private next(): Token {
    const token = this.tokens[Math.min(this.index, this.tokens.length - 1)]!;
    this.index++;
    this.furthest = Math.max(this.furthest, this.index - 1);
    return token;
  }

  private backup(count = 1): void {
    this.index -= count;
  }

  private peek(): Token {
    const token = this.next();
    this.backup();
    return token;
  }

  private nextNonSpace(): Token {
    let token = this.next();
    while (token.type === 'space') token = this.next();
    return token;
  }

  private peekNonSpace(): Token {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  private errorf(message: string): never {
    const line = this.tokens[Math.min(this.furthest, this.tokens.length - 1)]!.line;
    throw new TemplateSyntaxError(`template: :${line}: ${message}`);
  }

  private unexpected(token: Token, context: string): never {
    if (token.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at :${this.actionLine}`;
        if (token.value.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(token.value + extra);
    }
    this.errorf(`unexpected ${describeToken(token)} in ${context}`);
  }

  private expect(type: Token['type'], context: string): Token {
    const token = this.nextNonSpace();
    if (token.type !== type) this.unexpected(token, context);
    return token;
  }

  private textOrAction(): Node | Terminator {
    const token = this.nextNonSpace();
    if (token.type === 'text') return { kind: 'text', pos: token.pos, text: token.value };
    if (token.type !== 'leftDelim') this.unexpected(token, 'input');
    this.actionLine = token.line;
    try {
      return this.action();
    } finally {
      this.actionLine = 0;
    }
  }

  private action(): Node | Terminator {
    const token = this.nextNonSpace();
    if (token.type === 'keyword') {
      switch (token.value) {
        case 'if':
        case 'with':
        case 'range':
          return this.control(token.value);
        case 'else':
          if (this.peekNonSpace().type === 'keyword' && this.peekNonSpace().value === 'if') return { kind: 'else', pos: token.pos };
          this.expect('rightDelim', 'else');
          return { kind: 'else', pos: token.pos };
        case 'end':
          this.expect('rightDelim', 'end');
          return { kind: 'end', pos: token.pos };
        case 'break':
        case 'continue': {
          const after = this.nextNonSpace();
          if (after.type !== 'rightDelim') this.unexpected(after, `{{${token.value}}}`);
          if (this.rangeDepth === 0) this.errorf(`{{${token.value}}} outside {{range}}`);
          return { kind: token.value, pos: token.pos };
        }
        default:
          this.errorf(`{{${token.value}}} is not supported`);
      }
    }
    this.backup();
    const start = this.peek();
    return { kind: 'action', pos: start.pos, pipe: this.pipeline('command', 'rightDelim') };
  }

  private control(kind: 'if' | 'with' | 'range'): Node {
    const varCount = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');
    if (kind === 'range') this.rangeDepth++;
    const [list, terminator] = this.itemList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: Node[] | null = null;
    if (terminator.kind === 'else') {
      const next = this.peek();
      if (kind === 'if' && next.type === 'keyword' && next.value === 'if') {
        this.next();
        elseList = [this.control('if')];
      } else {
        const [list2, end] = this.itemList();
        if (end.kind !== 'end') this.errorf(`expected end; found {{${end.kind}}}`);
        elseList = list2;
      }
    }
    this.vars.length = varCount;
    return { kind, pos: pipe.pos, pipe, list, elseList };
  }

  private itemList(): [Node[], Terminator] {
    const list: Node[] = [];
    while (this.peekNonSpace().type !== 'eof') {
      const node = this.textOrAction();
      if (node.kind === 'end' || node.kind === 'else') return [list, node as Terminator];
      list.push(node as Node);
    }
    this.errorf('unexpected EOF');
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): Pipe {
    const pipe: Pipe = { pos: this.peekNonSpace().pos, decl: [], isAssign: false, cmds: [] };
    for (;;) {
      const variable = this.peekNonSpace();
      if (variable.type !== 'variable') break;
      this.next();
      const afterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push({ pos: variable.pos, name: variable.value });
        this.vars.push(variable.value);
        break;
      }
      if (next.type === 'char' && next.value === ',') {
        this.nextNonSpace();
        pipe.decl.push({ pos: variable.pos, name: variable.value });
        this.vars.push(variable.value);
        if (context === 'range' && pipe.decl.length < 2) {
          const following = this.peekNonSpace().type;
          if (following === 'variable' || following === 'rightDelim' || following === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.backup(afterVariable.type === 'space' ? 2 : 1);
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      if (['bool', 'charConstant', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable', 'leftParen'].includes(token.type)) {
        this.backup();
        pipe.cmds.push(this.command());
      } else {
        this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: Pipe, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((cmd, i) => {
      const first = cmd.args[0]!.kind;
      if (first === 'bool' || first === 'dot' || first === 'nil' || first === 'number' || first === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): Command {
    const cmd: Command = { pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.backup();
      else if (token.type !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Operand | null {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const fields: string[] = [];
    const pos = this.peek().pos;
    while (this.peek().type === 'field') fields.push(this.next().value.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos, idents: [...node.idents, ...fields] };
      case 'variable':
        return { kind: 'variable', pos, idents: [...node.idents, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${quoteGoString(operandText(node))}`);
      // falls through (errorf never returns)
      default:
        return { kind: 'chain', pos, node, fields };
    }
  }

  private term(): Operand | null {
    const token = this.nextNonSpace();
    const pos = token.pos;
    switch (token.type) {
      case 'identifier':
        if (!this.functions.has(token.value)) this.errorf(`function ${quoteGoString(token.value)} not defined`);
        return { kind: 'identifier', pos, name: token.value };
      case 'dot':
        return { kind: 'dot', pos };
      case 'nil':
        return { kind: 'nil', pos };
      case 'variable':
        if (!this.vars.includes(token.value.split('.')[0]!)) this.errorf(`undefined variable ${quoteGoString(token.value)}`);
        return { kind: 'variable', pos, idents: [token.value] };
      case 'field':
        return { kind: 'field', pos, idents: [token.value.slice(1)] };
      case 'bool':
        return { kind: 'bool', pos, value: token.value === 'true' };
      case 'charConstant':
      case 'number':
        return { kind: 'number', pos, value: this.orFail(parseGoNumber(token.value, token.type === 'charConstant')), text: token.value };
      case 'leftParen':
        return { kind: 'pipe', pos, pipe: this.pipeline('parenthesized pipeline', 'rightParen') };
      case 'string':
      case 'rawString':
        return { kind: 'string', pos, value: this.orFail(unquoteGo(token.value)), quoted: token.value };
      default:
        this.backup();
        return null;
    }
  }

  private orFail<T>(result: T | Error): T {
    if (result instanceof Error) this.errorf(result.message);
    return result;
  }
}

function operandText(node: Operand): string {
  if (node.kind === 'string') return node.quoted;
  if (node.kind === 'number') return node.text;
  if (node.kind === 'bool') return String(node.value);
  return node.kind === 'nil' ? 'nil' : '.';
}

export function parseTemplateSource(source: string, functions: ReadonlySet<string>): Node[] {
  return new Parser(lexTemplate(source), functions).parse();
}
