import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { GATEWAY_REFUSALS, type GatewayRefusalCode } from './refusal-codes.js';

/**
 * What an HTTP parser error means. Node's parser (llhttp, strict: insecureHTTPParser stays off)
 * refuses ambiguous framing before any handler runs: both Content-Length and Transfer-Encoding,
 * a Transfer-Encoding other than a final `chunked`, conflicting or malformed Content-Length (the
 * request smuggling vectors of RFC 9112 §6.3), and heads larger than maxHeaderSize.
 */
export function refusalOfParserError(code: string | undefined): { code: GatewayRefusalCode; detail: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { code: 'VERITY_GATEWAY_HEADERS_TOO_LARGE', detail: 'The request line and headers are larger than this gateway accepts.' };
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_INVALID_CHUNK_SIZE':
      return { code: 'VERITY_GATEWAY_REQUEST_SMUGGLING', detail: 'The request\'s length is ambiguous (Content-Length and Transfer-Encoding disagree or are malformed); it could be read two ways, so it is refused.' };
    default:
      return { code: 'VERITY_GATEWAY_BAD_REQUEST', detail: `The request is not valid HTTP/1.1 (${code ?? 'unknown parser error'}).` };
  }
}

/**
 * Answer a request the HTTP parser refused (the 'clientError' event): RFC 9457 problem+json on
 * the raw connection (no request was parsed, so no Accept header to honour), logged, then the
 * connection is closed (its framing can no longer be trusted).
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket, log: Logger, onRefused: (code: string) => void): void {
  if (err.code === 'ECONNRESET' || !socket.writable) { socket.destroy(); return; }
  const { code, detail } = refusalOfParserError(err.code);
  const { status, title } = GATEWAY_REFUSALS[code];
  log.warn({ code, parserError: err.code, remoteAddress: socket.remoteAddress }, 'request refused by the HTTP parser');
  onRefused(code);
  const body = JSON.stringify({ type: `https://verity.dev/errors#${code.toLowerCase().replace(/_/g, '-')}`, title, status, detail, code });
  socket.end(`HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\ncache-control: no-store\r\n\r\n${body}`);
}
