// Go text/template as docker-machine's `ls --format` and `inspect --format` use it: see
// go-template-{lexer,parser,exec,funcs}.ts for the parts. Data is JSON-shaped (plain objects
// act as Go maps, so missing keys print `<no value>`).
import type { Node } from './go-template-ast.js';
import { executeTemplate, TemplateExecError } from './go-template-exec.js';
import { BUILTIN_FUNCTIONS, type TemplateFunction } from './go-template-funcs.js';
import { parseTemplateSource, TemplateSyntaxError } from './go-template-parser.js';
import { TemplateError } from './template-error.js';

export { TemplateError } from './template-error.js';
export { INSPECT_FUNCTIONS } from './go-template-funcs.js';

export interface Template {
  readonly source: string;
  /** Runs the template over `data`; throws TemplateError when Go's execution would fail. */
  execute(data: unknown): string;
}

/**
 * Parses `source` for the given functions: Go's builtins by default (`ls --format`), INSPECT_FUNCTIONS
 * for `inspect --format`; calling any other is Go's `function "X" not defined` parse error.
 */
export function parseTemplate(source: string, functions: ReadonlyMap<string, TemplateFunction> = BUILTIN_FUNCTIONS): Template {
  let nodes: Node[];
  try {
    nodes = parseTemplateSource(source, new Set(functions.keys()));
  } catch (err) {
    if (err instanceof TemplateSyntaxError) throw new TemplateError(`template parsing error: ${err.message}`, { cause: err });
    throw err;
  }
  return {
    source,
    execute(data: unknown): string {
      try {
        return executeTemplate(source, nodes, data, functions);
      } catch (err) {
        if (err instanceof TemplateExecError) throw new TemplateError(err.message, { cause: err });
        throw err;
      }
    },
  };
}

/**
 * `ls --format` pre-processing (reference §1.7 point 7): a leading `table` word is removed and
 * turns on the table (tab-writer) output; the two-character sequences `\t` and `\n` become a
 * TAB and a newline; spaces around the template are trimmed.
 */
export function prepareListFormat(format: string): { template: string; isTable: boolean } {
  const isTable = format.startsWith('table');
  const rest = isTable ? format.slice('table'.length) : format;
  const template = rest.replace(/^ +| +$/g, '').replace(/\\[tn]/g, (escape) => (escape === '\\t' ? '\t' : '\n'));
  return { template, isTable };
}
