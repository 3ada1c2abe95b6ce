// Executes a parsed Go text/template (a port of text/template/exec.go) over JSON-shaped data.
// `undefined` is Go's invalid value (a missing key, printed `<no value>`); `null` is a nil
// interface. A value read out of a map or list is "interface-typed", which only changes how Go
// names its type in errors, so that flag travels with receivers (`Slot`).
import { commandString, nodeString, operandString, pipeString } from './go-template-ast.js';
import type { Command, ControlNode, Node, Operand, Pipe } from './go-template-ast.js';
import { formatGoValue, goNilPointerType, goStructType, goTypeName, sortedKeys } from './go-fmt.js';
import { FunctionCallError, isTrue, type ParamKind, type TemplateFunction } from './go-template-funcs.js';

export class TemplateExecError extends Error {}

interface Slot {
  value: unknown;
  /** True when the value came out of a map or list (Go type `interface {}`). */
  boxed: boolean;
}

type Context = { pos: number; text: () => string };

/** Stands for "no value piped in from the previous command" (Go's missingVal). */
const MISSING = Symbol('missing final argument');
type Final = unknown;

class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}

class Executor {
  private readonly out: string[] = [];
  private readonly vars: Array<{ name: string } & Slot> = [];
  private context: Context | undefined;

  constructor(
    private readonly source: string,
    data: unknown,
    private readonly functions: ReadonlyMap<string, TemplateFunction>,
  ) {
    this.vars.push({ name: '$', value: data, boxed: false });
  }

  run(nodes: Node[], data: unknown): string {
    this.walkList({ value: data, boxed: false }, nodes);
    return this.out.join('');
  }

  private at(pos: number, text: () => string): void {
    this.context = { pos, text };
  }

  private atOperand(node: Operand): void {
    this.at(node.pos, () => operandString(node));
  }

  private errorf(message: string): never {
    if (!this.context) throw new TemplateExecError(`template: : ${message}`);
    const { pos, text } = this.context;
    const lineStart = this.source.lastIndexOf('\n', pos - 1) + 1;
    const line = this.source.slice(0, pos).split('\n').length;
    const column = Buffer.byteLength(this.source.slice(lineStart, pos), 'utf8');
    throw new TemplateExecError(`template: :${line}:${column}: executing "" at <${text()}>: ${message}`);
  }

  private walkList(dot: Slot, nodes: Node[]): void {
    for (const node of nodes) this.walk(dot, node);
  }

  private walk(dot: Slot, node: Node): void {
    this.at(node.pos, () => nodeString(node));
    switch (node.kind) {
      case 'text':
        this.out.push(node.text);
        return;
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.out.push(value === undefined ? '<no value>' : formatGoValue(value));
        return;
      }
      case 'break':
      case 'continue':
        throw new LoopSignal(node.kind);
      default: {
        if (node.kind === 'range') {
          this.walkRange(dot, node);
          return;
        }
        const mark = this.vars.length;
        const value = this.evalPipeline(dot, node.pipe);
        if (isTrue(value)) this.walkList(node.kind === 'with' ? { value, boxed: false } : dot, node.list);
        else if (node.elseList) this.walkList(dot, node.elseList);
        this.vars.length = mark;
      }
    }
  }

  private walkRange(dot: Slot, node: ControlNode): void {
    const mark = this.vars.length;
    const value = this.evalPipeline(dot, node.pipe);
    const bodyMark = this.vars.length;
    const { decl } = node.pipe;
    const iterate = (key: unknown, element: unknown): boolean => {
      if (decl.length > 0) this.assignRangeVar(node.pipe, decl.length - 1, { value: element, boxed: true });
      if (decl.length > 1) this.assignRangeVar(node.pipe, 0, { value: key, boxed: false });
      try {
        this.walkList({ value: element, boxed: true }, node.list);
      } catch (signal) {
        if (!(signal instanceof LoopSignal)) throw signal;
        if (signal.kind === 'break') return false;
      } finally {
        this.vars.length = bodyMark;
      }
      return true;
    };
    let iterated = false;
    if (Array.isArray(value)) {
      iterated = value.length > 0;
      for (let i = 0; i < value.length && iterate(i, value[i]); i++);
    } else if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      const keys = sortedKeys(object);
      iterated = keys.length > 0;
      for (const key of keys) if (!iterate(key, object[key])) break;
    } else if (value !== undefined && value !== null) {
      this.errorf(`range can't iterate over ${formatGoValue(value)}`);
    }
    if (!iterated && node.elseList) this.walkList(dot, node.elseList);
    this.vars.length = mark;
  }

  private assignRangeVar(pipe: Pipe, declIndex: number, slot: Slot): void {
    const { name } = pipe.decl[declIndex]!;
    if (pipe.isAssign) this.setVar(name, slot);
    else this.vars[this.vars.length - pipe.decl.length + declIndex] = { name, ...slot };
  }

  private setVar(name: string, slot: Slot): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i] = { name, ...slot };
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varSlot(name: string): Slot {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!;
    this.errorf(`undefined variable: ${name}`);
  }

  private evalPipeline(dot: Slot, pipe: Pipe): unknown {
    this.at(pipe.pos, () => pipeString(pipe));
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      if (value === null) value = undefined; // Go digs the value out of a nil interface{}
    }
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.name, { value, boxed: false });
      else this.vars.push({ name: variable.name, value, boxed: false });
    }
    return value;
  }

  private evalCommand(dot: Slot, cmd: Command, final: Final): unknown {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field':
        this.atOperand(first);
        return this.evalFieldChain(dot, first.idents, cmd.args, final).value;
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final).value;
      case 'identifier':
        return this.evalFunction(dot, first, cmd, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first.pipe);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final).value;
      default:
        this.atOperand(first);
        this.notAFunction(cmd.args, final);
        if (first.kind === 'nil') this.errorf('nil is not a command');
        return first.kind === 'dot' ? dot.value : first.value;
    }
  }

  private notAFunction(args: Operand[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${operandString(args[0]!)}`);
  }

  private evalVariable(dot: Slot, node: Extract<Operand, { kind: 'variable' }>, args: Operand[], final: Final): Slot {
    this.atOperand(node);
    const slot = this.varSlot(node.idents[0]!);
    if (node.idents.length === 1) {
      this.notAFunction(args, final);
      return slot;
    }
    return this.evalFieldChain(slot, node.idents.slice(1), args, final);
  }

  private evalChain(dot: Slot, node: Extract<Operand, { kind: 'chain' }>, args: Operand[], final: Final): Slot {
    this.atOperand(node);
    if (node.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${operandString(node)}`);
    const head = this.evalArg(dot, 'value', node.node);
    return this.evalFieldChain({ value: head, boxed: false }, node.fields, args, final);
  }

  private evalFieldChain(receiver: Slot, idents: string[], args: Operand[], final: Final): Slot {
    let current = receiver;
    idents.forEach((ident, i) => {
      const isLast = i === idents.length - 1;
      current = this.evalField(ident, current, isLast && (args.length > 1 || final !== MISSING));
    });
    return current;
  }

  private evalField(name: string, receiver: Slot, hasArgs: boolean): Slot {
    const { value, boxed } = receiver;
    if (value === undefined || (value === null && !boxed)) return { value: undefined, boxed: false };
    if (value === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    const nilPointer = goNilPointerType(value);
    if (nilPointer) this.errorf(`nil pointer evaluating ${nilPointer}.${name}`);
    if (typeof value === 'object' && !Array.isArray(value)) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      const map = value as Record<string, unknown>;
      if (Object.hasOwn(map, name)) return { value: map[name], boxed: true };
      const struct = goStructType(value);
      if (struct) this.errorf(`can't evaluate field ${name} in type ${struct}`);
      return { value: undefined, boxed: true };
    }
    this.errorf(`can't evaluate field ${name} in type ${boxed ? 'interface {}' : goTypeName(value)}`);
  }

  private evalFunction(dot: Slot, node: Extract<Operand, { kind: 'identifier' }>, cmd: Command, final: Final): unknown {
    this.atOperand(node);
    const fn = this.functions.get(node.name)!;
    const argNodes = cmd.args.slice(1);
    const numIn = argNodes.length + (final === MISSING ? 0 : 1);
    const fixed = fn.variadic ? fn.params.length - 1 : fn.params.length;
    if (fn.variadic && numIn < fixed) this.errorf(`wrong number of args for ${node.name}: want at least ${fixed} got ${argNodes.length}`);
    if (!fn.variadic && numIn !== fixed) this.errorf(`wrong number of args for ${node.name}: want ${fixed} got ${numIn}`);
    const kindAt = (i: number): ParamKind => fn.params[Math.min(i, fn.params.length - 1)]!;
    if (node.name === 'and' || node.name === 'or') {
      let value: unknown;
      for (const arg of argNodes) {
        value = this.evalArg(dot, 'value', arg);
        if (isTrue(value) === (node.name === 'or')) return value;
      }
      return final === MISSING ? value : final;
    }
    const argv = argNodes.map((arg, i) => this.evalArg(dot, kindAt(i), arg));
    if (final !== MISSING) argv.push(this.checkType(final, kindAt(argNodes.length)));
    try {
      return fn.call(argv);
    } catch (err) {
      if (!(err instanceof FunctionCallError)) throw err;
      this.at(cmd.pos, () => commandString(cmd));
      this.errorf(`error calling ${node.name}: ${err.message}`);
    }
  }

  private evalArg(dot: Slot, kind: ParamKind, node: Operand): unknown {
    this.atOperand(node);
    switch (node.kind) {
      case 'dot':
        return this.checkType(dot.value, kind);
      case 'nil':
        if (kind === 'string') this.errorf('cannot assign nil to string');
        return kind === 'value' ? undefined : null;
      case 'field':
        return this.checkType(this.evalFieldChain(dot, node.idents, [node], MISSING).value, kind);
      case 'variable':
        return this.checkType(this.evalVariable(dot, node, [node], MISSING).value, kind);
      case 'pipe':
        return this.checkType(this.evalPipeline(dot, node.pipe), kind);
      case 'identifier':
        return this.checkType(this.evalFunction(dot, node, { pos: node.pos, args: [node] }, MISSING), kind);
      case 'chain':
        return this.checkType(this.evalChain(dot, node, [node], MISSING).value, kind);
      default:
        if (kind === 'string' && node.kind !== 'string') this.errorf(`expected string; found ${operandString(node)}`);
        return node.value;
    }
  }

  /** Go's validateType for the parameter kinds our functions use. */
  private checkType(value: unknown, kind: ParamKind): unknown {
    if (kind === 'value') return value;
    if (value === undefined) {
      if (kind === 'string') this.errorf('invalid value; expected string');
      return null;
    }
    if (kind === 'string' && typeof value !== 'string') {
      this.errorf(`wrong type for value; expected string; got ${value === null ? 'interface {}' : goTypeName(value)}`);
    }
    return value;
  }
}

export function executeTemplate(
  source: string,
  nodes: Node[],
  data: unknown,
  functions: ReadonlyMap<string, TemplateFunction>,
): string {
  return new Executor(source, data, functions).run(nodes, data);
}
