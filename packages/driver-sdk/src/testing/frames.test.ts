import { describe, expect, it } from 'vitest';
import { describeLogLineProblems, parseFrames } from './frames.js';

const frame = (body: string, header = `Content-Length: ${Buffer.byteLength(body)}`): string => `${header}\r\n\r\n${body}`;

describe('parseFrames', () => {
  it('parses back-to-back frames, counting bytes of UTF-8 bodies', () => {
    const a = '{"jsonrpc":"2.0","id":1,"result":{"msg":"héllo ✓"}}';
    const b = '{"jsonrpc":"2.0","method":"$/progress","params":{}}';
    const typed = frame(b, `Content-Length: ${b.length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8`);
    expect(parseFrames(Buffer.from(frame(a) + typed))).toEqual([JSON.parse(a), JSON.parse(b)]);
    expect(parseFrames(Buffer.alloc(0))).toEqual([]);
  });

  it('names the first bytes that are not a frame', () => {
    const ok = frame('{"jsonrpc":"2.0","id":1,"result":{}}');
    expect(() => parseFrames(Buffer.from(`${ok}hello\n`))).toThrow(`at byte ${ok.length}: bytes that are not a Content-Length frame: "hello\\n"`);
    expect(() => parseFrames(Buffer.from(`hello\n${ok}`))).toThrow('at byte 0: "hello\\nContent-Length: 36" is not a frame header');
    expect(() => parseFrames(Buffer.from(frame('{}', 'Content-Length: 2\r\nX-Debug: 1')))).toThrow('"X-Debug: 1" is not a frame header');
    expect(() => parseFrames(Buffer.from(frame('{}', 'Content-Type: text/plain')))).toThrow('is not a frame header');
    expect(() => parseFrames(Buffer.from('Content-Length: 10\r\n\r\n{}'))).toThrow('a frame announces 10 bytes but only 2 follow');
    expect(() => parseFrames(Buffer.from(frame('nope')))).toThrow('a frame whose body is not JSON: "nope"');
    expect(() => parseFrames(Buffer.from(frame('{"id":1}')))).toThrow('a frame whose body is not a JSON-RPC 2.0 message: {"id":1}');
  });
});

describe('describeLogLineProblems', () => {
  it('accepts JSON log lines, with or without machine, and blank lines', () => {
    expect(describeLogLineProblems('{"level":"info","msg":"a"}\n\n{"level":"debug","msg":"b","machine":"dev","extra":1}\n')).toEqual([]);
  });

  it('names every line that is not one', () => {
    expect(describeLogLineProblems('plain text\n{"level":"trace","msg":"x"}\n{"level":"info"}\n{"level":"warn","msg":"m","machine":3}\n')).toEqual([
      'not JSON: "plain text"',
      'not {"level": error|warn|info|debug, "msg": string}: "{\\"level\\":\\"trace\\",\\"msg\\":\\"x\\"}"',
      'not {"level": error|warn|info|debug, "msg": string}: "{\\"level\\":\\"info\\"}"',
      '"machine" is not a string: "{\\"level\\":\\"warn\\",\\"msg\\":\\"m\\",\\"machine\\":3}"',
    ]);
  });
});
