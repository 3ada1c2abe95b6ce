import { describe, expect, it } from 'vitest';
import { INSPECT_FUNCTIONS, parseTemplate, prepareListFormat, TemplateError } from './go-template.js';
import { formatTable } from './tabwriter.js';

// Expected outputs were produced by Go 1.19's text/template over the same data decoded by
// encoding/json into an interface{} (as `docker-machine inspect` does), with json/prettyjson as in
// docker-machine inspect (INSPECT_FUNCTIONS; ls has Go's builtins only).
const DATA = {
  Name: 'dev', DriverName: 'virtualbox', Num: 5, Float: 1.5, Big: 1000000, Zero: 0, Empty: '', Nil: null, T: true, F: false,
  List: ['a', 'b', 'c'], Nums: [1, 2.5, null, true], EmptyList: [], EmptyMap: {},
  Driver: { IPAddress: '192.168.99.100', Memory: 1024, SSHUser: 'docker' },
  HostOptions: { EngineOptions: { TlsVerify: true, Labels: ['a=b'] } },
  Map: { z: 1, a: 'x', m: [1, 2], n: null, h: '<&>' }, Unicode: 'h\u00e9llo w\u00f6rld', Quote: 'say "hi"\n\ttab',
};

const NESTED = { A: { B: { C: 'deep' } }, L: [{ N: 'x' }, { N: 'y' }], S: 'str', M: { 'k-1': 'v' } };

const GO_CASES: Array<[string, string, unknown?]> = [
  ["plain text", "plain text"],
  ["", ""],
  ["{{.}}", "str", "str"],
  ["{{.Name}}", "dev"],
  ["{{.Driver.IPAddress}}", "192.168.99.100"],
  ["{{.HostOptions.EngineOptions.TlsVerify}}", "true"],
  ["{{.Missing}}", "<no value>"],
  ["{{.Missing.Deeper}}", "<no value>"],
  ["{{.Nil}}", "<no value>"],
  ["{{.List}} {{.Nums}} {{.EmptyList}} {{.EmptyMap}} {{.Map}}", "[a b c] [1 2.5 <nil> true] [] map[] map[a:x h:<&> m:[1 2] n:<nil> z:1]"],
  ["{{.Driver}}", "map[IPAddress:192.168.99.100 Memory:1024 SSHUser:docker]"],
  ["{{json .}}", "{\"Big\":1000000,\"Driver\":{\"IPAddress\":\"192.168.99.100\",\"Memory\":1024,\"SSHUser\":\"docker\"},\"DriverName\":\"virtualbox\",\"Empty\":\"\",\"EmptyList\":[],\"EmptyMap\":{},\"F\":false,\"Float\":1.5,\"HostOptions\":{\"EngineOptions\":{\"Labels\":[\"a=b\"],\"TlsVerify\":true}},\"List\":[\"a\",\"b\",\"c\"],\"Map\":{\"a\":\"x\",\"h\":\"\\u003c\\u0026\\u003e\",\"m\":[1,2],\"n\":null,\"z\":1},\"Name\":\"dev\",\"Nil\":null,\"Num\":5,\"Nums\":[1,2.5,null,true],\"Quote\":\"say \\\"hi\\\"\\n\\ttab\",\"T\":true,\"Unicode\":\"héllo wörld\",\"Zero\":0}"],
  ["{{json .Map}}", "{\"a\":\"x\",\"h\":\"\\u003c\\u0026\\u003e\",\"m\":[1,2],\"n\":null,\"z\":1}"],
  ["{{.Map | json}}", "{\"a\":\"x\",\"h\":\"\\u003c\\u0026\\u003e\",\"m\":[1,2],\"n\":null,\"z\":1}"],
  ["{{prettyjson .Driver}}", "{\n    \"IPAddress\": \"192.168.99.100\",\n    \"Memory\": 1024,\n    \"SSHUser\": \"docker\"\n}"],
  ["{{prettyjson .}}", "{\n    \"Big\": 1000000,\n    \"Driver\": {\n        \"IPAddress\": \"192.168.99.100\",\n        \"Memory\": 1024,\n        \"SSHUser\": \"docker\"\n    },\n    \"DriverName\": \"virtualbox\",\n    \"Empty\": \"\",\n    \"EmptyList\": [],\n    \"EmptyMap\": {},\n    \"F\": false,\n    \"Float\": 1.5,\n    \"HostOptions\": {\n        \"EngineOptions\": {\n            \"Labels\": [\n                \"a=b\"\n            ],\n            \"TlsVerify\": true\n        }\n    },\n    \"List\": [\n        \"a\",\n        \"b\",\n        \"c\"\n    ],\n    \"Map\": {\n        \"a\": \"x\",\n        \"h\": \"\\u003c\\u0026\\u003e\",\n        \"m\": [\n            1,\n            2\n        ],\n        \"n\": null,\n        \"z\": 1\n    },\n    \"Name\": \"dev\",\n    \"Nil\": null,\n    \"Num\": 5,\n    \"Nums\": [\n        1,\n        2.5,\n        null,\n        true\n    ],\n    \"Quote\": \"say \\\"hi\\\"\\n\\ttab\",\n    \"T\": true,\n    \"Unicode\": \"héllo wörld\",\n    \"Zero\": 0\n}"],
  ["{{json .Missing}}", "null"],
  ["{{json .Nil}}", "null"],
  ["{{json .Quote}}", "\"say \\\"hi\\\"\\n\\ttab\""],
  ["{{json .EmptyList}}{{prettyjson .EmptyMap}}", "[]{}"],
  ["{{len .List}} {{len .Map}} {{len .Unicode}} {{len .EmptyList}}", "3 5 13 0"],
  ["{{printf \"%d\" .Name}}", "%!d(string=dev)"],
  ["{{printf \"%s %s\" .Name}}", "dev %!s(MISSING)"],
  ["{{printf \"%s\" .Name 3}}", "dev%!(EXTRA int=3)"],
  ["{{printf \"%5s|%-5s|%05d|%.2f|%x|%t\" \"ab\" \"cd\" 42 3.14159 255 true}}", "   ab|cd   |00042|3.14|ff|true"],
  ["{{printf \"%v %v\" .Missing .Nil}}", "<nil> <nil>"],
  ["{{printf \"%s\" .Nil}}", "%!s(<nil>)"],
  ["{{printf \"%v\" .Float}} {{printf \"%d\" .Float}} {{printf \"%6.2f|\" .Float}} {{printf \"%e\" 123456.789}} {{printf \"%g\" 0.000012}}", "1.5 %!d(float64=1.5)   1.50| 1.234568e+05 1.2e-05"],
  ["{{if .T}}yes{{end}}", "yes"],
  ["{{if .F}}yes{{else}}no{{end}}", "no"],
  ["{{if .Zero}}a{{else if .Empty}}b{{else if .List}}c{{else}}d{{end}}", "c"],
  ["{{if .Missing}}a{{else}}b{{end}}{{if .Nil}}a{{else}}b{{end}}{{if .EmptyList}}a{{else}}b{{end}}{{if .EmptyMap}}a{{else}}b{{end}}{{if .Map}}a{{end}}", "bbbba"],
  ["{{if .Float}}f{{end}}{{if .Num}}n{{end}}", "fn"],
  ["{{range .List}}[{{.}}]{{end}}", "[a][b][c]"],
  ["{{range .EmptyList}}x{{else}}empty{{end}}", "empty"],
  ["{{range .Missing}}x{{else}}none{{end}}", "none"],
  ["{{range $i, $e := .List}}{{$i}}={{$e}};{{end}}", "0=a;1=b;2=c;"],
  ["{{range $k, $v := .Map}}{{$k}}:{{$v}} {{end}}", "a:x h:<&> m:[1 2] n:<no value> z:1 "],
  ["{{range $e := .Nums}}<{{$e}}>{{end}}", "<1><2.5><<no value>><true>"],
  ["{{range .Nums}}<{{.}}>{{end}}", "<1><2.5><<no value>><true>"],
  ["{{range .List}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}", "a"],
  ["{{range .List}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", "ac"],
  ["{{with .Driver}}{{.IPAddress}}{{end}}", "192.168.99.100"],
  ["{{with .Missing}}x{{else}}y{{end}}", "y"],
  ["{{.Foo}}", "<no value>", null],
  ["  a  {{- .Name -}}  b  ", "  adevb  "],
  ["a\n{{- .Name}}\n  b", "adev\n  b"],
  ["{{.Name -}}\n\n x", "devx"],
  ["{{- /* comment */ -}}  x", "x"],
  ["a {{/* c */}} b", "a  b"],
  ["{{eq .Missing \"x\"}}", "false"],
  ["{{eq .Missing .Nil}}", "true"],
  ["{{eq .Missing nil}}", "true"],
  ["{{eq .Name nil}}", "false"],
  ["{{index .List 1}} {{index .Map \"a\"}} {{index .Map \"missing\"}} {{index .Driver \"Memory\"}}", "b x <no value> 1024"],
  ["{{index .Name 1}}", "101"],
  ["{{print \"a\" 1 2 \"b\" .List}} {{println 1 2}}", "a1 2b[a b c] 1 2\n"],
  ["{{\"lit\"}} {{1}} {{1.5}} {{true}} {{0x1F}} {{1e3}} {{'a'}} {{-5}} {{`raw\\n`}} {{\"esc\\t\\u00e9\\x41\"}}", "lit 1 1.5 true 31 1000 97 -5 raw\\n esc\téA"],
  ["{{$x := .Name}}{{$x}} {{$x = \"new\"}}{{$x}}", "dev new"],
  ["{{$}}", "root", "root"],
  ["{{range .List}}{{$.Name}}{{end}}", "devdevdev"],
  ["{{$x := .Driver}}{{$x.IPAddress}}", "192.168.99.100"],
  ["{{(index .List 0) | printf \"%s!\"}}", "a!"],
  ["{{(.Driver).Memory}}", "1024"],
  ["{{.Name | printf \"%s!\"}}", "dev!"],
  ["{{.Unicode}} {{printf \"%-12s|\" .Unicode}} {{len \"é\"}}", "héllo wörld héllo wörld | 2"],
  ["{{printf \"%d\" \"x\" | printf \"%s|\"}}", "%!d(string=x)|"],
  ["{{ .A.B.C }}", "<no value>"],
  ["{{.X |}}", "<no value>"],
  ["{{.Name}}{{- 3}}", "dev3"],
  ["{{-3}}", "-3"],
  ["{{.Name -}}", "dev"],
];

const GO_NESTED_CASES: Array<[string, string]> = [
  ["{{.A.B.C}}", "deep"],
  ["{{range .L}}{{.N}},{{end}}", "x,y,"],
  ["{{range $i, $x := .L}}{{$i}}{{$x.N}}{{end}}", "0x1y"],
  ["{{index .M \"k-1\"}}", "v"],
  ["{{range .L}}\n  {{- .N}}\n{{- end}}", "xy"],
  ["{{ .S }}\r\n{{- .S -}}\r\n x", "strstrx"],
  ["{{.S\n}}", "str"],
  ["{{\n.S\n}}", "str"],
  ["{{if\n.S}}y{{end}}", "y"],
  ["{{with $x := .A}}{{$x.B.C}}{{end}}", "deep"],
  ["{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "2"],
  ["{{$x := 1}}{{if true}}{{$x := 2}}{{end}}{{$x}}", "1"],
  ["{{(.A).B.C}}", "deep"],
  ["{{(index .L 0).N}}", "x"],
  ["{{.A.B.C | len}}", "4"],
  ["{{\"abc\" | len | printf \"%d!\"}}", "3!"],
  ["{{with .Nope}}{{else}}else{{end}}", "else"],
  ["{{range .L}}{{else}}{{end}}", ""],
  ["{{.S | printf \"%s %s\" \"a\"}}", "a str"],
  ["{{and .S}}", "str"],
  ["{{or .S | not}}", "false"],
  ["{{$.S}}", "str"],
  ["{{print}}|{{println}}|{{printf \"\" }}", "|\n|"],
  ["{{.S}}}", "str}"],
  ["}}{{.S}}", "}}str"],
  ["{{ .S}}{{ $}}", "strmap[A:map[B:map[C:deep]] L:[map[N:x] map[N:y]] M:map[k-1:v] S:str]"],
  ["{{\"\\u00e9\\101\\xC3\\xA9\"}}", "éAé"],
  ["{{\"\\xff\"}}", "�"],
  ["{{'\\n'}} {{'é'}}", "10 233"],
  ["{{0b101}} {{0o17}} {{017}} {{1_000}} {{.5}} {{-.5}} {{+3}} {{1e2}} {{1E-2}}", "5 15 15 1000 0.5 -0.5 3 100 0.01"],
  ["{{0x1p4}}", "16"],
  ["{{$x := \"a\"}}{{$x := \"b\"}}{{$x}}", "b"],
  ["{{- .S}}{{/*c*/}}", "str"],
  ["{{/*c*/ -}}  x", "x"],
  ["{{/* a */}}{{/*b*/}}", ""],
  ["{{range .L}}{{break}}{{else}}e{{end}}", ""],
  ["{{range .L}}{{if true}}{{continue}}{{end}}x{{end}}done", "done"],
];

describe('Template.execute', () => {
  it.each(GO_CASES)('%j prints what Go prints', (source, expected, data = DATA) => {
    expect(parseTemplate(source, INSPECT_FUNCTIONS).execute(data)).toBe(expected);
  });

  it.each(GO_NESTED_CASES)('%j prints what Go prints', (source, expected) => {
    expect(parseTemplate(source).execute(NESTED)).toBe(expected);
  });

  it('can run one parsed template many times', () => {
    const template = parseTemplate('{{.Name}}={{.State}}');
    expect(template.source).toBe('{{.Name}}={{.State}}');
    expect(template.execute({ Name: 'a', State: 'Running' })).toBe('a=Running');
    expect(template.execute({ Name: 'b' })).toBe('b=<no value>');
  });
});

// JS numbers do not say whether Go had an int or a float64. Integers are treated as Go ints, so
// these differ on purpose from Go's `inspect`, whose JSON-decoded numbers are all float64.
describe('integer-valued numbers behave as Go ints', () => {
  it.each([
    ['{{.Big}}', '1000000'], // Go float64: 1e+06
    ['{{.Float}} {{.Num}}', '1.5 5'],
    ['{{eq .Num 5}} {{lt .Float 2}}', 'true true'], // Go: incompatible types for comparison
    ['{{eq .Name "dev"}} {{eq .Name "a" "dev"}} {{ne .Num 4}} {{le .Num 5}} {{gt .Num 5}} {{ge .Num 5}} {{lt "a" "b"}}', 'true true true true false true true'],
    ['{{printf "%d|%03d" .Num .Num}}', '5|005'], // Go: %!d(float64=5)
    ['{{printf "%.1f" .Num}}', '5.0'], // lenient: Go rejects %f for an int
  ])('%j prints %j', (source, expected) => {
    expect(parseTemplate(source).execute(DATA)).toBe(expected);
  });
});

describe('prepareListFormat', () => {
  it('strips a leading `table` word and sets isTable', () => {
    expect(prepareListFormat('table {{.Name}}\\t{{.State}}')).toEqual({ template: '{{.Name}}\t{{.State}}', isTable: true });
  });

  it('turns the two-character sequences \\t and \\n into TAB and newline and trims spaces', () => {
    expect(prepareListFormat('  {{.Name}}\\n{{.URL}}\\t.  ')).toEqual({ template: '{{.Name}}\n{{.URL}}\t.', isTable: false });
    expect(prepareListFormat('{{.Name}}\\\\t')).toEqual({ template: '{{.Name}}\\\t', isTable: false });
  });

  it('keeps real tabs and leaves formats without the table word alone', () => {
    expect(prepareListFormat('{{.Name}}\t{{.DriverName}}')).toEqual({ template: '{{.Name}}\t{{.DriverName}}', isTable: false });
  });

  it('renders the default ls table of reference §1.7', () => {
    const format = 'table {{ .Name }}\\t{{ .Active }}\\t{{ .DriverName}}\\t{{ .State }}\\t{{ .URL }}\\t{{ .Swarm }}\\t{{ .DockerVersion }}\\t{{ .Error}}';
    const { template: source, isTable } = prepareListFormat(format);
    expect(isTable).toBe(true);
    const template = parseTemplate(source);
    const header = { Name: 'NAME', Active: 'ACTIVE', DriverName: 'DRIVER', State: 'STATE', URL: 'URL', Swarm: 'SWARM', DockerVersion: 'DOCKER', Error: 'ERRORS' };
    const rows = [
      { Name: 'default', Active: '*', DriverName: 'virtualbox', State: 'Running', URL: 'tcp://192.168.99.100:2376', Swarm: '', DockerVersion: 'v18.09.0', Error: '' },
      { Name: 'dev', Active: '-', DriverName: 'virtualbox', State: 'Stopped', URL: '', Swarm: '', DockerVersion: 'Unknown', Error: '' },
      { Name: 'ec2', Active: '-', DriverName: 'amazonec2', State: 'Timeout', URL: '', Swarm: '', DockerVersion: '', Error: '' },
    ];
    const text = [header, ...rows].map((row) => `${template.execute(row)}\n`).join('');
    expect(formatTable(text).split('\n').map((line) => line.trimEnd())).toEqual([
      'NAME      ACTIVE   DRIVER       STATE     URL                         SWARM   DOCKER     ERRORS',
      'default   *        virtualbox   Running   tcp://192.168.99.100:2376           v18.09.0',
      'dev       -        virtualbox   Stopped                                       Unknown',
      'ec2       -        amazonec2    Timeout',
      '',
    ]);
  });
});

describe('TemplateError', () => {
  it('is thrown for templates Go rejects and for features berth leaves out', () => {
    expect(() => parseTemplate('{{define "x"}}{{end}}')).toThrow(TemplateError);
    expect(() => parseTemplate('{{template "x"}}')).toThrow('template parsing error: template: :1: {{template}} is not supported');
  });
});

describe('function sets', () => {
  // docker-machine's ls parses with template.New("") (Go's builtins only); inspect adds json and prettyjson.
  it('ls templates have only the builtins; inspect templates add json and prettyjson', () => {
    expect(() => parseTemplate('{{json .}}')).toThrow('template parsing error: template: :1: function "json" not defined');
    expect(() => parseTemplate('{{prettyjson .}}')).toThrow('function "prettyjson" not defined');
    expect(parseTemplate('{{json .}} {{printf "%v" .}}', INSPECT_FUNCTIONS).execute({ a: 1 })).toBe('{"a":1} map[a:1]');
    for (const name of ['upper', 'lower', 'join']) {
      expect(() => parseTemplate(`{{${name} .}}`, INSPECT_FUNCTIONS)).toThrow(`function "${name}" not defined`);
    }
  });
});

describe('struct data (asGoStruct)', () => {
  it('a missing field of a struct is an execution error naming the type; a map still gives <no value>', async () => {
    const { asGoStruct } = await import('./go-fmt.js');
    const row = asGoStruct({ Name: 'dev', Map: { a: 1 } }, 'commands.HostListItem');
    expect(parseTemplate('{{.Name}} {{.Map.b}}').execute(row)).toBe('dev <no value>');
    expect(() => parseTemplate('{{.Nope}}').execute(row)).toThrow("can't evaluate field Nope in type commands.HostListItem");
    expect(JSON.stringify(row)).toBe('{"Name":"dev","Map":{"a":1}}');
  });
});
