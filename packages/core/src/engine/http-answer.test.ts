import { describe, expect, it } from 'vitest';
import { HttpAnswerError, HttpAnswerReader } from './http-answer.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Feeds `text` in pieces of `size` bytes; returns the first complete answer, or what end() makes of it. */
function read(text: string, size = 1, max = 1024 * 1024) {
  const reader = new HttpAnswerReader(max);
  const all = bytes(text);
  for (let at = 0; at < all.length; at += size) {
    const answer = reader.push(all.subarray(at, at + size));
    if (answer) return { answer, early: at + size < all.length };
  }
  return { answer: reader.end(), early: false };
}

describe('HttpAnswerReader', () => {
  const body = '{"Version":"24.0.7","ApiVersion":"1.43"}';

  it.each([1, 7, 4096])('reads a Content-Length answer fed %i bytes at a time, as soon as the body is in', (size) => {
    const { answer } = read(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`, size);
    expect(answer).toEqual({ status: 200, statusMessage: 'OK', body });
  });

  it('stops at Content-Length even if the server sends more before closing', () => {
    const { answer, early } = read(`HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}garbage`, 1);
    expect(answer.body).toBe('{}');
    expect(early).toBe(true);
  });

  it.each([1, 5, 4096])('decodes a chunked answer (Go servers send large ones so), fed %i bytes at a time', (size) => {
    const chunked = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"Ver\r\n${(body.length - 5).toString(16)};ext=1\r\n${body.slice(5)}\r\n0\r\n\r\n`;
    expect(read(chunked, size).answer).toEqual({ status: 200, statusMessage: 'OK', body });
  });

  it('reads a body that lasts until the connection closes (HTTP/1.0, no length)', () => {
    expect(read(`HTTP/1.0 200 OK\r\n\r\n${body}`, 3).answer).toEqual({ status: 200, statusMessage: 'OK', body });
  });

  it('keeps the status and message of an error answer, and UTF-8 in the body', () => {
    const text = '{"message":"page not found – ü"}';
    const { answer } = read(`HTTP/1.1 404 Not Found\r\nContent-Length: ${bytes(text).length}\r\n\r\n${text}`, 2);
    expect(answer).toEqual({ status: 404, statusMessage: 'Not Found', body: text });
  });

  it.each([
    ['something that is not HTTP', 'SSH-2.0-OpenSSH_9.2\r\n\r\n', /not an HTTP answer/],
    ['a bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n', /bad Content-Length/],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /bad chunk size/],
    ['an answer cut inside its headers', 'HTTP/1.1 200 OK\r\nContent-Le', /ended inside its headers/],
    ['an answer cut inside its body', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}', /ended before its body did/],
    ['nothing at all', '', /no answer/],
  ])('refuses %s', (_, text, message) => {
    expect(() => read(text, 4096)).toThrow(message);
    expect(() => read(text, 4096)).toThrow(HttpAnswerError);
  });

  it('refuses an answer larger than its limit, without waiting for the end', () => {
    const reader = new HttpAnswerReader(64);
    reader.push(bytes('HTTP/1.1 200 OK\r\n\r\n'));
    expect(() => reader.push(Buffer.alloc(100, 'a'))).toThrow(/larger than 64 bytes/);
  });
});
