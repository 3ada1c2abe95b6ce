/**
 * A `--format` template that failed to parse (message `template parsing error: template: :LINE: ...`) or
 * to execute (message `template: :LINE:COL: executing "" at <NODE>: ...`), worded as Go's. Its own file,
 * so that rendering an error loads no template code.
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}
