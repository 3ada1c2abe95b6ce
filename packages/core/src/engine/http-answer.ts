// On the fast path of `ls` and `env`: no imports at all.

/** An HTTP answer, read whole. */
export interface HttpAnswer {
  status: number;
  statusMessage: string;
  body: string;
}

/**
 * Reads the answer to one `GET` sent with `Connection: close`, from the bytes as they arrive:
 * `Content-Length`, `chunked` and close-delimited bodies. This is all `GET /version` needs; node:http
 * does the same, but loading its client costs ~3.5 ms of every `berth env`, a shell-prompt command
 * (docker-version.ts speaks to the engine over a plain TLS socket instead).
 */
export class HttpAnswerReader {
  private buffered: Buffer = Buffer.alloc(0);
  private head: { status: number; statusMessage: string; length?: number; chunked: boolean; bodyStart: number } | undefined;

  constructor(private readonly maxBytes: number) {}

  /** Adds bytes; returns the answer once it is complete, else undefined. Throws on a malformed or oversized answer. */
  push(chunk: Buffer): HttpAnswer | undefined {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    if (this.buffered.length > this.maxBytes) throw new HttpAnswerError(`answer larger than ${this.maxBytes} bytes`);
    this.head ??= this.readHead();
    if (!this.head) return undefined;
    const body = this.buffered.subarray(this.head.bodyStart);
    if (this.head.chunked) {
      const decoded = decodeChunked(body);
      return decoded === undefined ? undefined : this.answer(decoded);
    }
    if (this.head.length !== undefined && body.length >= this.head.length) return this.answer(body.subarray(0, this.head.length));
    return undefined;
  }

  /** The connection closed: the answer as it stands, if that is a whole answer. */
  end(): HttpAnswer {
    const head = this.head ?? this.readHead();
    if (!head) throw new HttpAnswerError(this.buffered.length ? 'the answer ended inside its headers' : 'no answer');
    if (head.chunked || head.length !== undefined) throw new HttpAnswerError('the answer ended before its body did');
    return this.answer(this.buffered.subarray(head.bodyStart));
  }

  private answer(body: Buffer): HttpAnswer {
    const head = this.head as NonNullable<HttpAnswerReader['head']>;
    return { status: head.status, statusMessage: head.statusMessage, body: body.toString('utf8') };
  }

  private readHead(): HttpAnswerReader['head'] {
    const end = this.buffered.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine = '', ...fields] = this.buffered.subarray(0, end).toString('latin1').split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!status) throw new HttpAnswerError(`not an HTTP answer: ${JSON.stringify(statusLine.slice(0, 80))}`);
    let length: number | undefined;
    let chunked = false;
    for (const field of fields) {
      const colon = field.indexOf(':');
      const name = field.slice(0, colon).trim().toLowerCase();
      const value = field.slice(colon + 1).trim();
      if (name === 'transfer-encoding') chunked = /(^|,)\s*chunked\s*$/i.test(value);
      if (name === 'content-length') {
        if (!/^\d+$/.test(value)) throw new HttpAnswerError(`bad Content-Length: ${JSON.stringify(value)}`);
        length = Number(value);
      }
    }
    return { status: Number(status[1]), statusMessage: status[2] ?? '', ...(chunked || length === undefined ? {} : { length }), chunked, bodyStart: end + 4 };
  }
}

export class HttpAnswerError extends Error {}

/** The body of a `chunked` answer, or undefined while its last chunk has not arrived. */
function decodeChunked(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const sizeText = data.subarray(at, lineEnd).toString('latin1').split(';')[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new HttpAnswerError(`bad chunk size: ${JSON.stringify(sizeText.slice(0, 20))}`);
    const size = parseInt(sizeText, 16);
    const start = lineEnd + 2;
    if (size === 0) return Buffer.concat(parts); // trailers, if any, are not needed
    if (data.length < start + size + 2) return undefined;
    parts.push(data.subarray(start, start + size));
    at = start + size + 2;
  }
}
