import { describe, expect, it } from 'vitest';
import { parseTemplate, TemplateError } from './go-template.js';

// Expected messages were produced by Go 1.19's text/template (parse errors prefixed with
// docker-machine's `template parsing error: `), over the same data decoded by encoding/json.
const DATA = {
  Name: 'dev', DriverName: 'virtualbox', Num: 5, Float: 1.5, Big: 1000000, Zero: 0, Empty: '', Nil: null, T: true, F: false,
  List: ['a', 'b', 'c'], Nums: [1, 2.5, null, true], EmptyList: [], EmptyMap: {},
  Driver: { IPAddress: '192.168.99.100', Memory: 1024, SSHUser: 'docker' },
  HostOptions: { EngineOptions: { TlsVerify: true, Labels: ['a=b'] } },
  Map: { z: 1, a: 'x', m: [1, 2], n: null, h: '<&>' }, Unicode: 'h\u00e9llo w\u00f6rld', Quote: 'say "hi"\n\ttab',
};

const NESTED = { A: { B: { C: 'deep' } }, L: [{ N: 'x' }, { N: 'y' }], S: 'str', M: { 'k-1': 'v' } };

const GO_ERRORS: Array<[string, string, unknown?]> = [
  ["{{.Nil.X}}", "template: :1:6: executing \"\" at <.Nil.X>: nil pointer evaluating interface {}.X"],
  ["{{printf 5}}", "template: :1:9: executing \"\" at <5>: expected string; found 5"],
  ["{{printf .Missing}}", "template: :1:9: executing \"\" at <.Missing>: invalid value; expected string"],
  ["{{printf .Nil}}", "template: :1:9: executing \"\" at <.Nil>: wrong type for value; expected string; got interface {}"],
  ["{{not .T .F}}", "template: :1:2: executing \"\" at <not>: wrong number of args for not: want 1 got 2"],
  ["{{len .Missing}}", "template: :1:2: executing \"\" at <len .Missing>: error calling len: reflect: call of reflect.Value.Type on zero Value"],
  ["{{len .Nil}}", "template: :1:2: executing \"\" at <len .Nil>: error calling len: len of nil pointer"],
  ["{{range .Name}}x{{end}}", "template: :1:8: executing \"\" at <.Name>: range can't iterate over dev"],
  ["{{range .Num}}x{{end}}", "template: :1:8: executing \"\" at <.Num>: range can't iterate over 5"],
  ["{{with .Name}}{{.Foo}}{{end}}", "template: :1:16: executing \"\" at <.Foo>: can't evaluate field Foo in type string"],
  ["{{range .List}}{{.Foo}}{{end}}", "template: :1:17: executing \"\" at <.Foo>: can't evaluate field Foo in type interface {}"],
  ["{{.Name.Foo}}", "template: :1:7: executing \"\" at <.Name.Foo>: can't evaluate field Foo in type interface {}"],
  ["{{.Num.Foo}}", "template: :1:6: executing \"\" at <.Num.Foo>: can't evaluate field Foo in type interface {}"],
  ["{{.List.Foo}}", "template: :1:7: executing \"\" at <.List.Foo>: can't evaluate field Foo in type interface {}"],
  ["{{.Foo}}", "template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type string", "str"],
  ["{{eq .Name 5}}", "template: :1:2: executing \"\" at <eq .Name 5>: error calling eq: incompatible types for comparison"],
  ["{{eq .List .List}}", "template: :1:2: executing \"\" at <eq .List .List>: error calling eq: non-comparable type [a b c]: []interface {}"],
  ["{{eq .Name}}", "template: :1:2: executing \"\" at <eq .Name>: error calling eq: missing argument for comparison"],
  ["{{lt .T .F}}", "template: :1:2: executing \"\" at <lt .T .F>: error calling lt: invalid type for comparison"],
  ["{{lt .Missing 1}}", "template: :1:2: executing \"\" at <lt .Missing 1>: error calling lt: invalid type for comparison"],
  ["{{lt .Name 1}}", "template: :1:2: executing \"\" at <lt .Name 1>: error calling lt: incompatible types for comparison"],
  ["{{lt .List .List}}", "template: :1:2: executing \"\" at <lt .List .List>: error calling lt: invalid type for comparison"],
  ["{{and .T .Name}} {{and .F .Name}} {{or .F .Empty}} {{or .F .Name}} {{not .T}} {{not .Missing}} {{and 1 0 2}} {{or}}", "template: :1:111: executing \"\" at <or>: wrong number of args for or: want at least 1 got 0"],
  ["{{and}}", "template: :1:2: executing \"\" at <and>: wrong number of args for and: want at least 1 got 0"],
  ["{{not}}", "template: :1:2: executing \"\" at <not>: wrong number of args for not: want 1 got 0"],
  ["{{not 1 2}}", "template: :1:2: executing \"\" at <not>: wrong number of args for not: want 1 got 2"],
  ["{{index .List 5}}", "template: :1:2: executing \"\" at <index .List 5>: error calling index: index out of range: 5"],
  ["{{index .Map 1}}", "template: :1:2: executing \"\" at <index .Map 1>: error calling index: value has type int; should be string"],
  ["{{index .Missing 1}}", "template: :1:2: executing \"\" at <index .Missing 1>: error calling index: index of untyped nil"],
  ["{{\"x\" | .Name}}", "template: :1:8: executing \"\" at <.Name>: Name is not a method but has arguments"],
  ["{{.Name \"x\"}}", "template: :1:2: executing \"\" at <.Name>: Name is not a method but has arguments"],
  ["{{3 | 4}}", "template parsing error: template: :1: non executable command in pipeline stage 2"],
  ["{{nil}}", "template: :1:2: executing \"\" at <nil>: nil is not a command"],
  ["{{. 1}}", "template: :1:2: executing \"\" at <.>: can't give argument to non-function ."],
  ["{{(nil).X}}", "template: :1:3: executing \"\" at <nil>: nil is not a command"],
  ["line1\nline2 {{.Name.Foo}}", "template: :2:13: executing \"\" at <.Name.Foo>: can't evaluate field Foo in type interface {}"],
  ["{{if .T}}\n  {{.Num.X}}{{end}}", "template: :2:8: executing \"\" at <.Num.X>: can't evaluate field X in type interface {}"],
  ["{{eq 1 \"a\" | not}}", "template: :1:2: executing \"\" at <eq 1 \"a\">: error calling eq: incompatible types for comparison"],
  ["ünï {{.Num.X}}", "template: :1:12: executing \"\" at <.Num.X>: can't evaluate field X in type interface {}"],
  ["{{foo}}", "template parsing error: template: :1: function \"foo\" not defined"],
  ["{{.Name | foo}}", "template parsing error: template: :1: function \"foo\" not defined"],
  ["{{if .X}}", "template parsing error: template: :1: unexpected EOF"],
  ["{{end}}", "template parsing error: template: :1: unexpected {{end}}"],
  ["{{else}}", "template parsing error: template: :1: unexpected {{else}}"],
  ["{{.Name", "template parsing error: template: :1: unclosed action"],
  ["{{.Name}", "template parsing error: template: :1: bad character U+007D '}'"],
  ["{{}}", "template parsing error: template: :1: missing value for command"],
  ["{{if}}{{end}}", "template parsing error: template: :1: missing value for if"],
  ["{{range}}{{end}}", "template parsing error: template: :1: missing value for range"],
  ["{{\"unterminated}}", "template parsing error: template: :1: unterminated quoted string"],
  ["{{`raw}}", "template parsing error: template: :1: unterminated raw quoted string"],
  ["{{#}}", "template parsing error: template: :1: unexpected \"#\" in command"],
  ["{{.Name | 3}}", "template parsing error: template: :1: non executable command in pipeline stage 2"],
  ["{{$x}}", "template parsing error: template: :1: undefined variable \"$x\""],
  ["{{1.X}}", "template parsing error: template: :1: bad number syntax: \"1.X\""],
  ["{{\"a\".X}}", "template parsing error: template: :1: unexpected . after term \"\\\"a\\\"\""],
  ["{{(1}}", "template parsing error: template: :1: unclosed left paren"],
  ["{{1)}}", "template parsing error: template: :1: unexpected \")\" in command"],
  ["{{.X.}}", "template parsing error: template: :1: unexpected <.> in operand"],
  ["{{if .X}}a{{else}}b{{else}}c{{end}}", "template parsing error: template: :1: expected end; found {{else}}"],
  ["{{range .X}}{{else if .Y}}{{end}}", "template parsing error: template: :1: unexpected <if> in input"],
  ["{{break}}", "template parsing error: template: :1: {{break}} outside {{range}}"],
  ["{{with .X}}{{break}}{{end}}", "template parsing error: template: :1: {{break}} outside {{range}}"],
  ["{{:}}", "template parsing error: template: :1: expected :="],
  ["{{.X :}}", "template parsing error: template: :1: expected :="],
  ["a\nb\n{{if .X}}\n{{end", "template parsing error: template: :4: unclosed action"],
  ["{{.X\n.Y}}", "template: :1:2: executing \"\" at <.X>: X is not a method but has arguments"],
  ["{{/* x */ .X}}", "template parsing error: template: :1: comment ends before closing delimiter"],
  ["{{/* x", "template parsing error: template: :1: unclosed comment"],
  ["{{\"\\q\"}}", "template parsing error: template: :1: invalid syntax"],
  ["{{12abc}}", "template parsing error: template: :1: bad number syntax: \"12a\""],
  ["{{0x}}", "template parsing error: template: :1: illegal number syntax: \"0x\""],
  ["{{'ab'}}", "template parsing error: template: :1: malformed character constant: 'ab'"],
  ["{{range $a, $b, $c := .X}}{{end}}", "template parsing error: template: :1: too many declarations in range"],
  ["{{$a, $b := .X}}", "template parsing error: template: :1: too many declarations in command"],
  ["{{if .X}}{{end}}{{end}}", "template parsing error: template: :1: unexpected {{end}}"],
  ["{{| .X}}", "template parsing error: template: :1: unexpected \"|\" in command"],
  ["{{.Name-}}", "template parsing error: template: :1: bad character U+002D '-'"],
  ["{{€}}", "template parsing error: template: :1: unrecognized character in action: U+20AC '€'"],
  ["{{len 3}}", "template: :1:2: executing \"\" at <len 3>: error calling len: len of type int", {}],
  ["{{index 5 1}}", "template: :1:2: executing \"\" at <index 5 1>: error calling index: can't index item of type int", {}],
];

const GO_NESTED_ERRORS: Array<[string, string]> = [
  ["x\n\n{{.S.Q}}", "template: :3:4: executing \"\" at <.S.Q>: can't evaluate field Q in type interface {}"],
  ["x\n{{range .S}}{{end}}", "template: :2:8: executing \"\" at <.S>: range can't iterate over str"],
  ["{{if $x := .S}}{{$x}}{{end}}{{$x}}", "template parsing error: template: :1: undefined variable \"$x\""],
  ["{{$y = 1}}", "template: :1:7: executing \"\" at <1>: undefined variable: $y"],
  ["{{range $x := .L}}{{end}}{{$x}}", "template parsing error: template: :1: undefined variable \"$x\""],
  ["{{if true}}{{else if false}}{{else}}{{end}}{{end}}", "template parsing error: template: :1: unexpected {{end}}"],
  ["{{if 1}}a{{else if}}b{{end}}", "template parsing error: template: :1: missing value for if"],
  ["{{not .S .S}}", "template: :1:2: executing \"\" at <not>: wrong number of args for not: want 1 got 2"],
  ["{{$x := .S}}{{$x.Y}}", "template: :1:16: executing \"\" at <$x.Y>: can't evaluate field Y in type string"],
  ["{{$.S.Y}}", "template: :1:3: executing \"\" at <$.S.Y>: can't evaluate field Y in type interface {}"],
  ["{{eq .A.B .A.B}}", "template: :1:2: executing \"\" at <eq .A.B .A.B>: error calling eq: non-comparable type map[C:deep]: map[string]interface {}"],
  ["{{ne 1}}", "template: :1:2: executing \"\" at <ne>: wrong number of args for ne: want 2 got 1"],
  ["{{1 2}}", "template: :1:2: executing \"\" at <1>: can't give argument to non-function 1"],
  ["{{\"a\" \"b\"}}", "template: :1:2: executing \"\" at <\"a\">: can't give argument to non-function \"a\""],
  ["{{true.X}}", "template parsing error: template: :1: unexpected . after term \"true\""],
  ["{{..}}", "template parsing error: template: :1: unexpected <.> in operand"],
  ["{{.A..B}}", "template parsing error: template: :1: unexpected <.> in operand"],
  ["{{.A .B}}", "template: :1:2: executing \"\" at <.A>: A is not a method but has arguments"],
  ["{{{.S}}}", "template parsing error: template: :1: unexpected \"{\" in command"],
  ["{{99999999999999999999}}", "template parsing error: template: :1: integer overflow: \"99999999999999999999\""],
  ["{{1__0}}", "template parsing error: template: :1: illegal number syntax: \"1__0\""],
];

function errorOf(source: string, data: unknown): string {
  try {
    parseTemplate(source).execute(data);
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateError);
    return (err as TemplateError).message;
  }
  throw new Error(`no error for ${source}`);
}

describe('template errors', () => {
  it.each(GO_ERRORS)('%j fails as in Go', (source, expected, data = DATA) => {
    expect(errorOf(source, data)).toBe(expected);
  });

  it.each(GO_NESTED_ERRORS)('%j fails as in Go', (source, expected) => {
    expect(errorOf(source, NESTED)).toBe(expected);
  });

  it('reports parse errors from parseTemplate, before any data is seen', () => {
    expect(() => parseTemplate('{{foo}}')).toThrow('template parsing error: template: :1: function "foo" not defined');
  });

  it('names field types as an int where Go (with float64 JSON numbers) would say float64', () => {
    expect(errorOf('{{.Foo}}', 5)).toBe('template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type int');
    expect(errorOf('{{printf .Num}}', DATA)).toBe('template: :1:9: executing "" at <.Num>: wrong type for value; expected string; got int');
  });
});
