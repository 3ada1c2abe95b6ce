// On the fast path of `ls` and `env`: node builtins, errors.ts and sha256-hex.ts only (no forge, no store).
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { connect, type SecureContext } from 'node:tls';
import { BerthError, isErrnoException } from '../errors.js';
import { sha256Hex } from '../sha256-hex.js';
import { clientTLSFor, type TLSMaterial } from './client-tls.js';
import { classifyEngineError, clientCertRejectedError, engineTimeoutError } from './engine-errors.js';
import type { EngineTarget } from './engine-errors.js';
import { HttpAnswerError, HttpAnswerReader, type HttpAnswer } from './http-answer.js';
import { parseTcpUrl } from './tcp-url.js';
import { tlsSessionFile, type TLSSessionFile } from './tls-session-file.js';

/** docker-machine's connection-check dial timeout (reference §5.5), for callers that set none. */
export const DOCKER_VERSION_TIMEOUT_MS = 20_000;
/** `/version` answers are about 1 KiB; anything near this is not a Docker engine. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface DockerVersionOptions {
  /** `tcp://host:port` (IPv6 in brackets). */
  url: string;
  /** The machine's CA certificate (PEM), or the path of its ca.pem. */
  caPem?: string;
  caPath?: string;
  certPath: string;
  keyPath: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Named in the `regenerate-certs` hint of TLS errors. */
  machineName?: string;
  /** When set, the engine must present exactly this certificate (PEM), else ENGINE_IDENTITY_MISMATCH. */
  expectedServerCertPem?: string;
  /**
   * Where to keep this engine's TLS session ticket between runs (see tls-session-file.ts), e.g.
   * `<machine dir>/.berth-tls-session`; without it every call makes a full handshake. With
   * `expectedServerCertPem`, only a session made with an engine that presented that certificate resumes.
   */
  sessionPath?: string;
}

export interface DockerVersion {
  /** `Version`, e.g. `24.0.7` (ls shows it as `v24.0.7`). */
  version: string;
  /** `ApiVersion`, e.g. `1.43`. */
  apiVersion: string;
  /** The whole decoded answer. */
  raw: unknown;
}

/**
 * `GET /version` on a machine's Docker engine over mutual TLS: the machine's CA as the only root,
 * host name (or IP SAN) verification on, the client certificate presented, no connection reuse.
 * The whole exchange (connect, handshake, answer) is bounded by `timeoutMs`. Errors are BerthErrors:
 * ENGINE_UNREACHABLE, ENGINE_TLS_INVALID or ENGINE_BAD_RESPONSE; an abort rejects with the
 * signal's reason.
 */
export async function getDockerVersion(options: DockerVersionOptions): Promise<DockerVersion> {
  const { host, port, hostPort } = parseTcpUrl(options.url);
  const target: EngineTarget = {
    hostPort,
    host,
    port,
    endpoint: `https://${hostPort}/version`,
    timeoutMs: options.timeoutMs ?? DOCKER_VERSION_TIMEOUT_MS,
    ...(options.machineName ? { machineName: options.machineName } : {}),
  };
  options.signal?.throwIfAborted();
  const tls = clientTLSFor(await readTLSFiles(options, target));
  const sessions = options.sessionPath ? tlsSessionFile(options.sessionPath, [options.url, tls.filesHash]) : undefined;
  const expectedDER = options.expectedServerCertPem ? new X509Certificate(options.expectedServerCertPem).raw : undefined;
  let answer: HttpAnswer;
  try {
    // The stored session is offered on a context that trusts nothing, and only a resumption is
    // accepted; an engine that refuses it gets a second connection, verified in full. With an
    // identity to check, only a session made with an engine that presented that certificate is offered.
    const stored = await sessions?.load();
    const offered = stored && (!expectedDER || stored.engineCertSHA256 === sha256Hex(expectedDER)) ? stored.session : undefined;
    const resumed = offered ? await exchange(target, { context: tls.resuming, session: offered, resumeOnly: true }, options.signal) : undefined;
    answer = resumed ?? (await exchange(target, { context: tls.verifying(), sessions, expectedDER }, options.signal));
  } catch (err) {
    if (options.signal?.aborted && err === options.signal.reason) throw err;
    if (err instanceof BerthError && err.code === 'ENGINE_IDENTITY_MISMATCH') throw err;
    throw classifyEngineError(err, target);
  }
  return decodeVersion(answer, target);
}

async function readTLSFiles(options: DockerVersionOptions, target: EngineTarget): Promise<TLSMaterial> {
  // Small files in the page cache: a synchronous read costs a fraction of a promise-based one, and
  // `ls` reads three per machine.
  const read = async (path: string): Promise<string> => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      if (isErrnoException(err, 'ENOENT') || isErrnoException(err, 'EACCES')) throw classifyEngineError(err, target);
      throw err;
    }
  };
  const caSource = options.caPem !== undefined ? Promise.resolve(options.caPem) : options.caPath !== undefined ? read(options.caPath) : undefined;
  if (caSource === undefined) throw new Error('getDockerVersion needs caPem or caPath');
  const [ca, cert, key] = await Promise.all([caSource, read(options.certPath), read(options.keyPath)]);
  return { ca, cert, key };
}

/** One connection's TLS set-up. */
interface Exchange {
  context: SecureContext;
  /** A stored session to offer. */
  session?: Buffer;
  /** The context trusts no CA: unless the session is resumed, hang up and resolve undefined. */
  resumeOnly?: boolean;
  /** Where a full handshake's ticket goes. */
  sessions?: TLSSessionFile | undefined;
  /** The engine must present exactly this certificate (DER), else ENGINE_IDENTITY_MISMATCH. */
  expectedDER?: Buffer | undefined;
}

function exchange(target: EngineTarget, tls: Exchange & { resumeOnly: true }, signal: AbortSignal | undefined): Promise<HttpAnswer | undefined>;
function exchange(target: EngineTarget, tls: Exchange & { resumeOnly?: false }, signal: AbortSignal | undefined): Promise<HttpAnswer>;
function exchange(target: EngineTarget, tls: Exchange, signal: AbortSignal | undefined): Promise<HttpAnswer | undefined> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      outcome();
    };
    const fail = (err: unknown): void => settle(() => reject(err));
    const onAbort = (): void => fail(signal?.reason);

    // A plain TLS socket and one HTTP/1.1 request (http-answer.ts says why not node:https).
    const socket = connect({
      host: target.host,
      port: target.port,
      secureContext: tls.context,
      // Resume-only: nothing to verify against; a resumed session carries the verified handshake's result.
      rejectUnauthorized: !tls.resumeOnly,
      ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
      ...(tls.session ? { session: tls.session } : {}),
    });
    const timer = setTimeout(() => fail(engineTimeoutError(target)), target.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    const reader = new HttpAnswerReader(MAX_BODY_BYTES);
    let isHandshakeDone = false;
    let hasAnswer = false;
    let ticket: Buffer | undefined;
    /** The engine's certificate in a full handshake, read at once: later on, after a TLS 1.3 ticket, Node 20 may return none. */
    let engineDER: Buffer | undefined;
    const answered = (answer: HttpAnswer): void => {
      // A resumed ticket stays valid until it expires: only a full handshake writes a new one.
      const saved = tls.sessions && ticket && engineDER ? tls.sessions.save({ session: ticket, engineCertSHA256: sha256Hex(engineDER) }) : Promise.resolve();
      settle(() => void saved.then(() => resolve(answer)));
    };
    const badAnswer = (err: unknown): void => fail(notDockerError(target, err instanceof HttpAnswerError ? err.message : String(err)));
    // TLS 1.3 tickets arrive after the handshake, before the answer; keep the last one.
    socket.on('session', (session: Buffer) => (ticket = session));
    socket.once('secureConnect', () => {
      isHandshakeDone = true;
      if (tls.resumeOnly && !(socket.isSessionReused() && socket.authorized)) {
        settle(() => resolve(undefined));
        return;
      }
      if (!socket.isSessionReused()) engineDER = socket.getPeerX509Certificate()?.raw;
      if (tls.expectedDER && !engineDER?.equals(tls.expectedDER)) {
        fail(new BerthError('ENGINE_IDENTITY_MISMATCH', `The engine at ${target.hostPort} is not machine "${target.machineName ?? ''}"`));
        return;
      }
      socket.write(`GET /version HTTP/1.1\r\nHost: ${target.hostPort}\r\nAccept: application/json\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      if (settled) return;
      hasAnswer = true;
      try {
        const answer = reader.push(chunk);
        if (answer) answered(answer);
      } catch (err) {
        badAnswer(err);
      }
    });
    socket.on('end', () => {
      if (settled) return;
      if (!hasAnswer) {
        // The engine hung up without a word, as node:http reports it ("socket hang up").
        const hangUp = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        fail(isHandshakeDone ? clientCertRejectedError(target, hangUp) : hangUp);
        return;
      }
      try {
        answered(reader.end());
      } catch (err) {
        badAnswer(err);
      }
    });
    socket.on('error', (err) => {
      const isClosedAfterHandshake = isHandshakeDone && !hasAnswer && isErrnoException(err, 'ECONNRESET');
      fail(isClosedAfterHandshake ? clientCertRejectedError(target, err) : err);
    });
  });
}

/** ENGINE_BAD_RESPONSE for an answer that is not the Docker engine's `/version`. */
function notDockerError(target: EngineTarget, reason: string): BerthError {
  return new BerthError('ENGINE_BAD_RESPONSE', `Unable to query docker version: Get ${target.endpoint}: ${reason}`, {
    hint: `Is something other than the Docker engine listening on ${target.hostPort}?`,
  });
}

function decodeVersion(answer: HttpAnswer, target: EngineTarget): DockerVersion {
  let raw: unknown;
  try {
    raw = JSON.parse(answer.body) as unknown;
  } catch {
    raw = undefined;
  }
  if (answer.status !== 200) {
    const message = isRecord(raw) && typeof raw.message === 'string' ? raw.message : snippet(answer.body);
    throw new BerthError('ENGINE_BAD_RESPONSE', `Unable to query docker version: Get ${target.endpoint}: Error response from daemon (${answer.status} ${answer.statusMessage}): ${message}`, {
      details: { status: answer.status },
    });
  }
  if (!isRecord(raw)) {
    throw notDockerError(target, `the answer is not a JSON object: ${snippet(answer.body)}`);
  }
  if (typeof raw.Version !== 'string' || raw.Version === '') {
    throw notDockerError(target, `the answer has no "Version": ${snippet(answer.body)}`);
  }
  return { version: raw.Version, apiVersion: typeof raw.ApiVersion === 'string' ? raw.ApiVersion : '', raw };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}...` : flat || '(empty)';
}
