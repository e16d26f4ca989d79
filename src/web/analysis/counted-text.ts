import { promisify } from 'node:util';
import { brotliDecompress } from 'node:zlib';

const decompress = promisify(brotliDecompress);

/** A stored counted text (results.counted_text: Brotli over UTF-8) as the words and lines it holds; off the main thread, since a long page's text is megabytes. */
export async function readCountedText(stored: Buffer): Promise<string> {
  return (await decompress(stored)).toString('utf8');
}
