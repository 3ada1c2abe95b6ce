/**
 * Reading what a driver wrote, strictly: stdout must be Content-Length framed JSON-RPC 2.0 messages
 * and nothing else; stderr must be JSON log lines.
 */
import { isLogLevel } from '../logger.js';
import { isPlainObject, preview } from './conformance-failure.js';

/** The one Content-Type a frame may carry (vscode-jsonrpc's default; `utf8` is its alias). */
const CONTENT_TYPE = /^application\/vscode-jsonrpc;\s*charset=utf-?8$/i;

/** Splits stdout into frames and parses each body; throws an Error describing the first bytes that are not a frame. */
export function parseFrames(raw: Buffer): unknown[] {
  const messages: unknown[] = [];
  let offset = 0;
  while (offset < raw.length) {
    const at = `at byte ${offset}`;
    const headerEnd = raw.indexOf('\r\n\r\n', offset);
    if (headerEnd < 0) throw new Error(`${at}: bytes that are not a Content-Length frame: ${quote(raw.subarray(offset))}`);
    let length: number | undefined;
    for (const line of raw.subarray(offset, headerEnd).toString('latin1').split('\r\n')) {
      const match = /^([A-Za-z-]+): *(.*)$/.exec(line);
      const name = match?.[1]?.toLowerCase();
      const value = match?.[2] ?? '';
      if (name === 'content-length' && /^\d+$/.test(value)) length = Number(value);
      else if (name !== 'content-type' || !CONTENT_TYPE.test(value)) {
        throw new Error(`${at}: ${quote(Buffer.from(line, 'latin1'))} is not a frame header (only Content-Length, and Content-Type with its default value)`);
      }
    }
    if (length === undefined) throw new Error(`${at}: a frame header without Content-Length: ${quote(raw.subarray(offset, headerEnd))}`);
    const bodyStart = headerEnd + 4;
    if (bodyStart + length > raw.length) {
      throw new Error(`${at}: a frame announces ${length} bytes but only ${raw.length - bodyStart} follow: ${quote(raw.subarray(bodyStart))}`);
    }
    const body = raw.subarray(bodyStart, bodyStart + length).toString('utf8');
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch {
      throw new Error(`${at}: a frame whose body is not JSON: ${quote(Buffer.from(body))}`);
    }
    if (!isPlainObject(message) || message['jsonrpc'] !== '2.0') {
      throw new Error(`${at}: a frame whose body is not a JSON-RPC 2.0 message: ${preview(message)}`);
    }
    messages.push(message);
    offset = bodyStart + length;
  }
  return messages;
}

/** Each stderr line that is not a JSON object `{level, msg, machine?}`, with why (empty when all are). */
export function describeLogLineProblems(stderr: string): string[] {
  const problems: string[] = [];
  for (const line of stderr.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      problems.push(`not JSON: ${preview(line, 200)}`);
      continue;
    }
    if (!isPlainObject(parsed) || !isLogLevel(parsed['level']) || typeof parsed['msg'] !== 'string') {
      problems.push(`not {"level": error|warn|info|debug, "msg": string}: ${preview(line, 200)}`);
    } else if (parsed['machine'] !== undefined && typeof parsed['machine'] !== 'string') {
      problems.push(`"machine" is not a string: ${preview(line, 200)}`);
    }
  }
  return problems;
}

function quote(bytes: Buffer): string {
  return preview(bytes.subarray(0, 120).toString('utf8'), 200);
}
