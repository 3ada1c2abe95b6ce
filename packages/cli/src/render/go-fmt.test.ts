import { describe, expect, it } from 'vitest';
import { formatGoFloat, quoteGoString, sprint, sprintf } from './go-fmt.js';
import { marshalGoJson } from './go-json.js';
import { INSPECT_FUNCTIONS, parseTemplate } from './go-template.js';

// Expected outputs were produced by Go 1.19 (text/template's print/printf/println, fmt, and
// encoding/json as docker-machine's json/prettyjson use it), over data decoded by encoding/json.
const GO_CASES: Array<[string, string, unknown]> = [
  ["{{printf \"%s|%5s|%-5s|%.2s|%q|%x|%X|%v\" .s .s .s .s .s .s .s .s}}", "héllo|héllo|héllo|hé|\"héllo\"|68c3a96c6c6f|68C3A96C6C6F|héllo", {"s":"héllo"}],
  ["{{printf \"%v|%g|%e|%f|%.3f|%8.2f|%-8.2f|%E\" .f .f .f .f .f .f .f .f}}", "3.14159|3.14159|3.141590e+00|3.141590|3.142|    3.14|3.14    |3.141590E+00", {"f":3.14159}],
  ["{{printf \"%v %v %v %v %v %v\" .a .b .c .d .e .f}}", "0.5 0.0001 1e-05 123456.5 1.2345675e+06 -2.5", {"a":0.5,"b":0.0001,"c":0.00001,"d":123456.5,"e":1234567.5,"f":-2.5}],
  ["{{printf \"%t|%v|%s|%d\" .b .b .b .b}}", "true|true|%!s(bool=true)|%!d(bool=true)", {"b":true}],
  ["{{printf \"%%|%s%%\" .s}}", "%|x%", {"s":"x"}],
  ["{{printf \"%z\" .s}}", "%!z(string=x)", {"s":"x"}],
  ["{{printf \"%\" .s}}", "%!(NOVERB)%!(EXTRA string=x)", {"s":"x"}],
  ["{{printf \"%s\"}}", "%!s(MISSING)", {}],
  ["{{printf \"%s %d\" .s}}", "x %!d(MISSING)", {"s":"x"}],
  ["{{printf \"%5v|%-4v|\" .l .s}}", "[    a     b]|x   |", {"l":["a","b"],"s":"x"}],
  ["{{printf \"%s\" .x}}", "%!s(<nil>)", {"x":null}],
  ["{{printf \"%v|%d\" .x .x}}", "<nil>|%!d(<nil>)", {"x":null}],
  ["{{printf \"%6.2f%%\" .f}}", " 99.50%", {"f":99.5}],
  ["{{printf \"%q\" \"a\\x00b\\u00e9\\u2028\"}}", "\"a\\x00bé\\u2028\"", {}],
  ["{{printf \"%x\" \"hi\"}} {{printf \"% x\" \"hi\"}}", "6869 68 69", {}],
  ["{{print .a .b}}|{{print \"a\" \"b\"}}|{{print 1 2}}|{{print \"a\" 1 \"b\"}}|{{print .l .l}}|{{println \"a\" 1}}", "1 2|ab|1 2|a1b|[1] [1]|a 1\n", {"a":1,"b":2,"l":[1]}],
  ["{{json .}}", "{\"n\":[1.5,1e+21,1e-7,123456789,0,100000000000000000000,0.1],\"s\":\"a\\u0001\\u001f\\u0008\\u000c\\u003c\\u003e\\u0026\\u2028\\u2029é😀\\\"\\\\/\"}", {"s":"a\u0001\u001f\b\f<>&\u2028\u2029é😀\"\\/","n":[1.5,1e+21,1e-7,123456789,0,100000000000000000000,0.1]}],
  ["{{prettyjson .}}", "{\n    \"a\": [\n        1,\n        {\n            \"b\": [],\n            \"c\": {}\n        }\n    ],\n    \"z\": \"x\"\n}", {"a":[1,{"b":[],"c":{}}],"z":"x"}],
  ["{{printf \"%d|%05d|%+d|%x\" -42 -42 -42 -42}}", "-42|-0042|-42|-2a", {}],
  ["{{printf \"x\" \"s\" 1}}", "x%!(EXTRA string=s, int=1)", {}],
  ["{{printf \"%d %s\" 1.5 1.5}}", "%!d(float64=1.5) %!s(float64=1.5)", {}],
  ["{{.X.Y}}", "<no value>", {}],
  ["{{printf \"%x\" \"hi\"}} {{printf \"% x\" \"hi\"}} {{printf \"%X\" \"hi\"}}", "6869 68 69 6869", {}],
  ["{{printf \"%E\" 3.5}}", "3.500000E+00", {}],
];

describe('printf, print, println and json in templates', () => {
  it.each(GO_CASES)('%j prints what Go prints', (source, expected, data) => {
    expect(parseTemplate(source, INSPECT_FUNCTIONS).execute(data)).toBe(expected);
  });
});

describe('formatGoFloat (Go %v of a float64)', () => {
  it.each([
    [1000000, '1e+06'], [123456789, '1.23456789e+08'], [1e20, '1e+20'], [1e21, '1e+21'], [100000, '100000'],
    [0.0001, '0.0001'], [0.00001, '1e-05'], [3.5, '3.5'], [20000, '20000'], [-2.5, '-2.5'], [0, '0'],
    [Number.NaN, 'NaN'], [Number.POSITIVE_INFINITY, '+Inf'], [Number.NEGATIVE_INFINITY, '-Inf'],
  ])('%d prints %j', (value, expected) => {
    expect(formatGoFloat(value)).toBe(expected);
  });
});

describe('sprintf and sprint', () => {
  it('pads by code points and handles missing and extra arguments', () => {
    expect(sprintf('[%-4s|%4s]', ['\u00e9', 'ab'])).toBe('[\u00e9   |  ab]');
    expect(sprintf('%d %s', [1])).toBe('1 %!s(MISSING)');
    expect(sprintf('%d', [1, 'x', null])).toBe('1%!(EXTRA string=x, <nil>)');
  });

  it('adds spaces between operands only when neither is a string', () => {
    expect(sprint([1, 2, 'a', 3, true, false])).toBe('1 2a3 true false');
  });
});

describe('marshalGoJson and quoteGoString', () => {
  it('returns undefined where Go cannot encode (so the json function prints nothing)', () => {
    expect(marshalGoJson({ a: Number.NaN })).toBeUndefined();
    expect(parseTemplate('[{{json .}}]', INSPECT_FUNCTIONS).execute({ a: Number.POSITIVE_INFINITY })).toBe('[]');
  });

  it('sorts keys by UTF-8 bytes and leaves out undefined members', () => {
    expect(marshalGoJson({ b: 1, a: undefined, '\u00e9': 2, Z: [undefined] })).toBe('{"Z":[null],"b":1,"\u00e9":2}');
  });

  it('quotes like strconv.Quote', () => {
    expect(quoteGoString('a"b\\c\n\u0007\u00e9\u{1F600}\u200b')).toBe('"a\\"b\\\\c\\n\\a\u00e9\u{1F600}\\u200b"');
  });
});
