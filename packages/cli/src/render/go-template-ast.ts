// Parse tree of a Go text/template, and its String() forms (used for the `at <...>` part of
// execution errors, as Go's ErrorContext does).

export type Operand =
  | { kind: 'field'; pos: number; idents: string[] }
  | { kind: 'variable'; pos: number; idents: string[] }
  | { kind: 'chain'; pos: number; node: Operand; fields: string[] }
  | { kind: 'identifier'; pos: number; name: string }
  | { kind: 'pipe'; pos: number; pipe: Pipe }
  | { kind: 'dot'; pos: number }
  | { kind: 'nil'; pos: number }
  | { kind: 'bool'; pos: number; value: boolean }
  | { kind: 'number'; pos: number; value: number; text: string }
  | { kind: 'string'; pos: number; value: string; quoted: string };

export interface Command {
  pos: number;
  args: Operand[];
}

export interface Pipe {
  pos: number;
  decl: Array<{ pos: number; name: string }>;
  isAssign: boolean;
  cmds: Command[];
}

/** `{{if}}`, `{{with}}` or `{{range}}`, with its body and optional `{{else}}` body. */
export interface ControlNode {
  kind: 'if' | 'with' | 'range';
  pos: number;
  pipe: Pipe;
  list: Node[];
  elseList: Node[] | null;
}

export type Node =
  | { kind: 'text'; pos: number; text: string }
  | { kind: 'action'; pos: number; pipe: Pipe }
  | ControlNode
  | { kind: 'break' | 'continue'; pos: number };

export function operandString(node: Operand): string {
  switch (node.kind) {
    case 'field':
      return node.idents.map((ident) => `.${ident}`).join('');
    case 'variable':
      return node.idents.join('.');
    case 'chain': {
      const head = node.node.kind === 'pipe' ? `(${pipeString(node.node.pipe)})` : operandString(node.node);
      return head + node.fields.map((field) => `.${field}`).join('');
    }
    case 'identifier':
      return node.name;
    case 'pipe':
      return pipeString(node.pipe);
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(node.value);
    case 'number':
      return node.text;
    case 'string':
      return node.quoted;
  }
}

export function commandString(command: Command): string {
  return command.args.map((arg) => (arg.kind === 'pipe' ? `(${pipeString(arg.pipe)})` : operandString(arg))).join(' ');
}

export function pipeString(pipe: Pipe): string {
  let out = '';
  if (pipe.decl.length > 0) {
    out = `${pipe.decl.map((d) => d.name).join(', ')} ${pipe.isAssign ? '=' : ':='} `;
  }
  return out + pipe.cmds.map(commandString).join(' | ');
}

function listString(list: Node[]): string {
  return list.map(nodeString).join('');
}

export function nodeString(node: Node): string {
  switch (node.kind) {
    case 'text':
      return node.text;
    case 'action':
      return `{{${pipeString(node.pipe)}}}`;
    case 'break':
    case 'continue':
      return `{{${node.kind}}}`;
    default: {
      const elsePart = node.elseList ? `{{else}}${listString(node.elseList)}` : '';
      return `{{${node.kind} ${pipeString(node.pipe)}}}${listString(node.list)}${elsePart}{{end}}`;
    }
  }
}
