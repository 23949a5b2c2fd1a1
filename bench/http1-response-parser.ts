// Incremental HTTP/1.1 response parser for the check-in load generator (bench/checkin-load.ts).
// Pure: feed it the bytes of one connection, in chunks of any size, and it returns each response
// once it is complete. Framing per RFC 9112 §6.3: no body for 1xx/204/304, Transfer-Encoding
// (chunked, with extensions and trailers) over Content-Length, otherwise a body delimited by the
// end of the connection (call end()). It knows nothing about the requests, so it must not be used
// for responses to HEAD. Malformed input throws an Http1ParseError, after which the parser (and
// the connection it reads) is unusable.

export interface Http1Response {
  status: number;
  /** Field names lower-cased; a repeated field's values joined with ", ". */
  headers: Record<string, string>;
  /** May share memory with the fed chunks, which the caller must therefore not modify. */
  body: Buffer;
  /** Trailer fields of a chunked body (empty otherwise), named as in headers. */
  trailers: Record<string, string>;
  /** Whether the connection may carry another request (HTTP version, Connection, framing). */
  keepAlive: boolean;
}

export class Http1ParseError extends Error {
  override name = 'Http1ParseError';
}

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'close';

const MAX_HEAD = 64 * 1024; // bytes of a status line and fields, or of trailers
const MAX_CHUNK_LINE = 4 * 1024; // a chunk-size line with its extensions
const EMPTY = Buffer.alloc(0);
const CRLF = Buffer.from('\r\n');
const CRLFCRLF = Buffer.from('\r\n\r\n');
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: [^\r\n\0]*)?$/;
/** tchar (RFC 9110 §5.6.2), by character code. */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TCHAR[c.charCodeAt(0)] = 1;
const CHUNK_LINE = /^([0-9A-Fa-f]{1,13})[ \t]*(?:;[^\r\n\0]*)?$/;
const DIGITS = /^\d{1,15}$/;

export class Http1ResponseParser {
  /** Bytes received but not consumed; only ever holds part of a head, chunk-size line or trailers. */
  private pending: Buffer = EMPTY;
  /** Where, in pending, the search for the current delimiter resumes (it was not found before). */
  private scanFrom = 0;
  private state: State = 'head';
  private failed: Error | null = null;
  // The response being read.
  private status = 0;
  private headers: Record<string, string> = fields();
  private trailers: Record<string, string> = fields();
  private keepAlive = true;
  private parts: Buffer[] = [];
  private bodyLength = 0;
  /** Bytes still to read of the body (state 'length') or of the current chunk ('chunk-data'). */
  private remaining = 0;

  /**
   * Where `delimiter` ends the section (head, chunk-size line, trailers) that starts at `pos`, or -1
   * when more bytes are needed; then the next scan resumes where a split delimiter could begin
   * (at least `minResume`). A section longer than `max` is refused.
   */
  private sectionEnd(buf: Buffer, pos: number, delimiter: Buffer, max: number, tooLong: string, minResume = 0): number {
    const end = buf.indexOf(delimiter, Math.max(pos, this.scanFrom));
    if (end < 0) {
      if (buf.length - pos > max) throw new Http1ParseError(tooLong);
      this.scanFrom = Math.max(minResume, buf.length - pos - (delimiter.length - 1));
      return -1;
    }
    if (end - pos > max) throw new Http1ParseError(tooLong);
    this.scanFrom = 0;
    return end;
  }

  /** Consumes the next bytes of the connection; returns the responses they complete, in order. */
  feed(chunk: Buffer): Http1Response[] {
    if (this.failed) throw this.failed;
    const out: Http1Response[] = [];
    const buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let pos = 0;
    try {
      loop: while (pos < buf.length) {
        switch (this.state) {
          case 'head': {
            const end = this.sectionEnd(buf, pos, CRLFCRLF, MAX_HEAD, 'response head too large');
            if (end < 0) break loop;
            this.readHead(buf.toString('latin1', pos, end));
            pos = end + 4;
            this.startBody(out);
            break;
          }
          case 'length':
          case 'chunk-data': {
            const n = Math.min(this.remaining, buf.length - pos);
            this.parts.push(buf.subarray(pos, pos + n));
            this.bodyLength += n;
            this.remaining -= n;
            pos += n;
            if (this.remaining === 0) {
              if (this.state === 'length') this.finish(out);
              else this.state = 'chunk-end';
            }
            break;
          }
          case 'chunk-size': {
            const end = this.sectionEnd(buf, pos, CRLF, MAX_CHUNK_LINE, 'chunk-size line too long');
            if (end < 0) break loop;
            const line = buf.toString('latin1', pos, end);
            const m = CHUNK_LINE.exec(line);
            if (!m) throw new Http1ParseError(`bad chunk size line: ${JSON.stringify(line.slice(0, 40))}`);
            pos = end + 2;
            this.remaining = parseInt(m[1]!, 16);
            this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
            break;
          }
          case 'chunk-end': {
            if (buf.length - pos < 2) break loop;
            if (buf[pos] !== 0x0d || buf[pos + 1] !== 0x0a) throw new Http1ParseError('chunk data not followed by CRLF');
            pos += 2;
            this.state = 'chunk-size';
            break;
          }
          case 'trailers': {
            if (this.scanFrom === 0) {
              // Usually no trailers: the last chunk is followed by an empty line.
              if (buf.length - pos < 2) break loop;
              if (buf[pos] === 0x0d && buf[pos + 1] === 0x0a) {
                pos += 2;
                this.finish(out);
                break;
              }
            }
            // Resuming at 1 at least: the first line is not empty (checked above only while scanFrom is 0).
            const end = this.sectionEnd(buf, pos, CRLFCRLF, MAX_HEAD, 'trailers too large', 1);
            if (end < 0) break loop;
            addFields(this.trailers, buf.toString('latin1', pos, end), 0);
            pos = end + 4;
            this.finish(out);
            break;
          }
          case 'close': {
            this.parts.push(pos === 0 ? buf : buf.subarray(pos));
            this.bodyLength += buf.length - pos;
            pos = buf.length;
            break;
          }
        }
      }
    } catch (e) {
      this.failed = e instanceof Error ? e : new Error(String(e));
      this.pending = EMPTY;
      this.parts = [];
      throw this.failed;
    }
    this.pending = pos === buf.length ? EMPTY : buf.subarray(pos);
    return out;
  }

  /**
   * The connection has ended: returns the response whose body the end delimits, null if the
   * connection ended between responses, and throws if it ended inside a response.
   */
  end(): Http1Response | null {
    if (this.failed) throw this.failed;
    if (this.state === 'close') {
      const out: Http1Response[] = [];
      this.finish(out);
      return out[0]!;
    }
    if (this.state === 'head' && this.pending.length === 0) return null;
    this.failed = new Http1ParseError(`connection ended inside a response (${this.state === 'head' ? 'head' : 'body'})`);
    throw this.failed;
  }

  /** True between responses (nothing of the next one received yet). */
  get idle(): boolean {
    return this.state === 'head' && this.pending.length === 0 && !this.failed;
  }

  private readHead(head: string): void {
    let eol = head.indexOf('\r\n');
    if (eol < 0) eol = head.length;
    const statusLine = head.slice(0, eol);
    const m = STATUS_LINE.exec(statusLine);
    if (!m) throw new Http1ParseError(`bad status line: ${JSON.stringify(statusLine.slice(0, 60))}`);
    this.status = Number(m[2]);
    this.headers = fields();
    this.trailers = fields();
    if (eol < head.length) addFields(this.headers, head, eol + 2);
    const connection = this.headers['connection'];
    if (connection === undefined) this.keepAlive = m[1] === '1';
    else {
      const options = connection.toLowerCase().split(',').map(trimOws);
      this.keepAlive = !options.includes('close') && (m[1] === '1' || options.includes('keep-alive'));
    }
  }

  /** After the head: decides how the body is delimited (RFC 9112 §6.3). */
  private startBody(out: Http1Response[]): void {
    this.parts = [];
    this.bodyLength = 0;
    const status = this.status;
    if (status < 200) {
      if (status === 101) throw new Http1ParseError('101 Switching Protocols is not supported');
      this.state = 'head'; // an interim response: the final one follows
      return;
    }
    if (status === 204 || status === 304) {
      this.finish(out);
      return;
    }
    const te = this.headers['transfer-encoding'];
    if (te !== undefined) {
      const codings = te.split(',');
      if (codings[codings.length - 1]!.trim().toLowerCase() === 'chunked') {
        this.state = 'chunk-size';
      } else {
        this.state = 'close';
        this.keepAlive = false;
      }
      return;
    }
    const cl = this.headers['content-length'];
    if (cl !== undefined) {
      // A repeated field (joined with ", ") is acceptable only when every value is the same.
      const values = cl.includes(',') ? cl.split(',').map(trimOws) : [cl];
      if (!values.every(sameDigits, values[0])) throw new Http1ParseError(`bad content-length: ${JSON.stringify(cl.slice(0, 40))}`);
      this.remaining = Number(values[0]);
      if (this.remaining === 0) this.finish(out);
      else this.state = 'length';
      return;
    }
    this.state = 'close';
    this.keepAlive = false;
  }

  private finish(out: Http1Response[]): void {
    const parts = this.parts;
    const body = parts.length === 0 ? EMPTY : parts.length === 1 ? parts[0]! : Buffer.concat(parts, this.bodyLength);
    out.push({ status: this.status, headers: this.headers, body, trailers: this.trailers, keepAlive: this.keepAlive });
    this.parts = [];
    this.bodyLength = 0;
    this.state = 'head';
  }
}

/** Without a prototype, so that field names such as "constructor" or "__proto__" are plain keys. */
function fields(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

/** Parses the field lines of text from start (CRLF-separated, no final CRLF) into fields. */
function addFields(fields: Record<string, string>, text: string, start: number): void {
  for (let from = start; from <= text.length;) {
    let eol = text.indexOf('\r\n', from);
    if (eol < 0) eol = text.length;
    addField(fields, text, from, eol);
    from = eol + 2;
  }
}

/** One field line, text[from, to): a token, a colon, the value between optional whitespace. */
function addField(fields: Record<string, string>, text: string, from: number, to: number): void {
  let colon = from;
  while (colon < to && text.charCodeAt(colon) !== 0x3a) {
    const c = text.charCodeAt(colon);
    if (c >= 128 || TCHAR[c] === 0) throw new Http1ParseError(`bad header line: ${JSON.stringify(text.slice(from, Math.min(to, from + 60)))}`);
    colon++;
  }
  if (colon === from || colon === to) throw new Http1ParseError(`bad header line: ${JSON.stringify(text.slice(from, Math.min(to, from + 60)))}`);
  let a = colon + 1;
  let b = to;
  while (a < b && isOws(text.charCodeAt(a))) a++;
  while (b > a && isOws(text.charCodeAt(b - 1))) b--;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d || c === 0x0a || c === 0) throw new Http1ParseError(`bad header value for ${text.slice(from, colon)}`);
  }
  const key = text.slice(from, colon).toLowerCase();
  const value = text.slice(a, b);
  const previous = fields[key];
  fields[key] = previous === undefined ? value : `${previous}, ${value}`;
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isOws(s.charCodeAt(a))) a++;
  while (b > a && isOws(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

function sameDigits(this: string | undefined, v: string): boolean {
  return DIGITS.test(v) && v === this;
}
