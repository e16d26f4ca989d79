import { pipeline, Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { AppError } from '../core/errors.js';
import { quoteServerText, tooLarge } from './fetch-errors.js';

/** What the fetcher asks for. No zstd: Node 20's zlib cannot decode it. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

// HTTP's "deflate" is the zlib format (RFC 9110 §8.4.1.2); "x-gzip" is an old name for gzip.
const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

// zlib's codes (Z_DATA_ERROR, Z_BUF_ERROR for a truncated stream) and brotli's (ERR__ERROR_FORMAT_...).
const ZLIB_ERROR_CODE = /^(Z_|ERR__)/;

/**
 * The most content codings one response may stack. Servers apply one; two (gzip inside br, say) is
 * already unusual. Every layer is a zlib stream with its own buffers and thread-pool round trips per
 * chunk, so a 37 KB body of 1,500 gzip layers took 18 s to decode and a few of them filled a worker's
 * heap. curl caps its chain too (at 5, since CVE-2022-32206).
 */
export const MAX_CODINGS = 2;

/**
 * The content codings of a response, in the order they must be undone, without `identity`.
 * An unknown coding, or more than MAX_CODINGS, fails for good: asking again will not change the bytes.
 */
export function contentCodings(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const codings = value.split(',').map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== '' && coding !== 'identity');
  const unknown = codings.find((coding) => !Object.hasOwn(DECODERS, coding));
  if (unknown !== undefined) {
    throw new AppError('fetch_failed', `the server sent the page in an unsupported encoding ${quoteServerText(unknown, 40)}`);
  }
  if (codings.length > MAX_CODINGS) {
    throw new AppError(
      'fetch_failed',
      `the server sent the page compressed ${codings.length} times over (${quoteServerText(value, 40)}); at most ${MAX_CODINGS} content codings are accepted`,
    );
  }
  return codings.reverse();
}

/**
 * Reads a body, undoing its content codings while it streams, and fails with too_large as soon as
 * the bytes on the wire or the decoded bytes pass maxBytes. Leaving the loop destroys every stream
 * of the pipeline, the socket's included, so a gzip bomb costs a few kilobytes of reading, not gigabytes.
 * `signal` (the fetch's deadline) stops decoding too: undici only watches it until the last byte
 * arrives, and decoding may go on long after that.
 */
export async function readBody(body: Readable, codings: readonly string[], maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  signal?.throwIfAborted();
  let decodeFailure: { error: Error; coding: string } | undefined;
  const decoders = codings.map((coding) => {
    const decoder = DECODERS[coding]!();
    decoder.once('error', (error) => (decodeFailure ??= { error, coding }));
    return decoder;
  });
  // pipeline() returns its last stream; any stream's error reaches the loop below through it, so the
  // callback has nothing left to report.
  const decoded: Readable = decoders.length === 0
    ? body
    : (pipeline([body, capBytes(maxBytes), ...decoders], () => {}) as unknown as Readable);
  // Destroying the last stream with the deadline's reason ends the loop with it (a TimeoutError, which
  // fetchError words as a timeout) and pipeline() destroys the others.
  const stop = () => decoded.destroy(signal!.reason);
  signal?.addEventListener('abort', stop, { once: true });
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
  } catch (error) {
    // Corrupt compressed data is the server's doing and will be just as corrupt next time. The
    // decoders also see (and re-emit) errors from upstream, a timeout for one; only zlib's own codes count.
    if (decodeFailure !== undefined && error === decodeFailure.error && ZLIB_ERROR_CODE.test(String((error as { code?: unknown }).code))) {
      const { coding } = decodeFailure;
      throw new AppError('fetch_failed', `could not decode the ${coding}-compressed page (${decodeFailure.error.message})`, false, { cause: error });
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  return Buffer.concat(chunks, size);
}

/** Counts the compressed bytes, which a stream of empty deflate blocks could otherwise make endless. */
function capBytes(maxBytes: number): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
}
