import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { contentCodings, MAX_CODINGS, readBody } from '../../src/fetch/read-body.js';

const TEXT = Buffer.from('<p>squeezed words, squeezed again</p>'.repeat(50));

/** A body arriving in small pieces, as from a socket. */
const bodyOf = (bytes: Buffer) => Readable.from(Array.from({ length: Math.ceil(bytes.length / 64) }, (_, i) => bytes.subarray(i * 64, i * 64 + 64)));

describe('contentCodings', () => {
  it('lists the codings to undo, last applied first, without identity', () => {
    expect(contentCodings(undefined)).toEqual([]);
    expect(contentCodings('identity')).toEqual([]);
    expect(contentCodings(' GZip ')).toEqual(['gzip']);
    expect(contentCodings('deflate, br')).toEqual(['br', 'deflate']);
    expect(contentCodings(['x-gzip', 'identity'])).toEqual(['x-gzip']);
  });

  it.each(['compress', 'zstd', 'constructor', 'gzip, lzma'])('refuses the unknown coding in %j for good', (header) => {
    expect(() => contentCodings(header)).toThrow(expect.objectContaining({ code: 'fetch_failed', retryable: false, message: expect.stringMatching(/^the server sent the page in an unsupported encoding "\w+"$/) }));
  });

  it('quotes an unknown label as the server\'s, printable and short', () => {
    expect(() => contentCodings(`x-\u202e${'z'.repeat(100)}`)).toThrow(`the server sent the page in an unsupported encoding "x-?${'z'.repeat(37)}…"`);
  });

  it(`accepts ${MAX_CODINGS} codings and refuses a longer chain for good, before decoding anything`, () => {
    expect(contentCodings('gzip, br')).toEqual(['br', 'gzip']);
    expect(contentCodings('gzip, identity, br, identity')).toEqual(['br', 'gzip']);
    const header = Array(1500).fill('gzip').join(', ');
    expect(() => contentCodings(header)).toThrow(expect.objectContaining({
      code: 'fetch_failed',
      retryable: false,
      message: `the server sent the page compressed 1500 times over ("gzip, gzip, gzip, gzip, gzip, gzip, gzip…"); at most ${MAX_CODINGS} content codings are accepted`,
    }));
    expect(() => contentCodings(['gzip', 'gzip', 'gzip'])).toThrow(/compressed 3 times over/);
  });
});

describe('readBody', () => {
  it.each([
    ['gzip', zlib.gzipSync(TEXT)],
    ['deflate', zlib.deflateSync(TEXT)],
    ['br', zlib.brotliCompressSync(TEXT)],
    ['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(TEXT))],
  ])('decodes %s', async (header, bytes) => {
    expect(await readBody(bodyOf(bytes), contentCodings(header), 1 << 20)).toEqual(TEXT);
  });

  it('returns an unencoded body as it is', async () => {
    expect(await readBody(bodyOf(TEXT), [], TEXT.length)).toEqual(TEXT);
  });

  it('caps the decoded size, not the compressed one', async () => {
    const bytes = zlib.gzipSync(TEXT);
    expect(bytes.length).toBeLessThan(TEXT.length / 10);
    await expect(readBody(bodyOf(bytes), ['gzip'], TEXT.length - 1)).rejects.toMatchObject({ code: 'too_large' });
    await expect(readBody(bodyOf(TEXT), [], TEXT.length - 1)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('caps the bytes received too, so compressed padding cannot go on for ever', async () => {
    // Empty stored deflate blocks: 5 bytes each on the wire, nothing decoded.
    const padding = Buffer.concat([Buffer.from([0x78, 0x01]), Buffer.alloc(5 * 1000, Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]))]);
    await expect(readBody(bodyOf(padding), ['deflate'], 1024)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('stops reading a bomb as soon as the cap passes', async () => {
    let produced = 0;
    const zeros = Readable.from((function* () {
      for (;;) {
        produced += 1;
        yield Buffer.alloc(64 * 1024);
      }
    })());
    await expect(readBody(zeros.pipe(zlib.createGzip()), ['gzip'], 1 << 20)).rejects.toMatchObject({ code: 'too_large' });
    expect(produced).toBeLessThan(200); // 12.5 MB of zeros at most, for a 1 MB cap; unbounded without the cap
  });

  it('fails for good on a corrupt compressed body, naming the coding', async () => {
    await expect(readBody(bodyOf(Buffer.from('not gzip at all')), ['gzip'], 1024)).rejects.toMatchObject({
      code: 'fetch_failed',
      retryable: false,
      message: 'could not decode the gzip-compressed page (incorrect header check)',
    });
    await expect(readBody(bodyOf(zlib.gzipSync(TEXT).subarray(0, 40)), ['gzip'], 1 << 20)).rejects.toMatchObject({ code: 'fetch_failed', message: expect.stringContaining('unexpected end of file') });
  });

  it('stops decoding when the deadline fires, even after the whole body has arrived', async () => {
    // 1,000 gzip layers (more than contentCodings allows, which is the point: this is the second line of
    // defence) take about 4 s to undo; the body itself is 23 KB, in one piece, already ended.
    let bytes = TEXT;
    for (let i = 0; i < 1000; i++) bytes = zlib.gzipSync(bytes);
    const started = Date.now();
    const failure = await readBody(Readable.from([bytes]), Array(1000).fill('gzip'), 1 << 20, AbortSignal.timeout(300)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(1_500);
  }, 20_000);

  it('fails at once on a deadline that has already passed', async () => {
    const signal = AbortSignal.abort(new DOMException('late', 'TimeoutError'));
    await expect(readBody(bodyOf(zlib.gzipSync(TEXT)), ['gzip'], 1 << 20, signal)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('passes on an error of the body itself, such as a timeout, untouched', async () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const body = new Readable({ read() {} });
    body.push(zlib.gzipSync(TEXT).subarray(0, 20));
    setImmediate(() => body.destroy(timeout));
    await expect(readBody(body, ['gzip'], 1 << 20)).rejects.toBe(timeout);
  });
});
