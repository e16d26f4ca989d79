import { describe, expect, it } from 'vitest';
import { fetchError, quoteServerText } from '../../src/fetch/fetch-errors.js';

const timeouts = { totalMs: 30_000, connectMs: 10_000, idleMs: 10_000 };

/** What Node throws for a failed TLS handshake: its message wording varies between Node versions. */
function tlsError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('fetchError on TLS failures', () => {
  it('words certificate problems itself, whatever Node says', () => {
    const nodeSays = 'self-signed certificate; if the root CA is installed locally, try running Node.js with --use-system-ca';
    const failure = fetchError(tlsError('DEPTH_ZERO_SELF_SIGNED_CERT', nodeSays), 'https://example.test/', timeouts);
    expect(failure).toMatchObject({ code: 'fetch_failed', retryable: false });
    expect(failure.message).toBe('the TLS certificate of example.test is not valid: it is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)');
  });

  it.each([
    ['CERT_HAS_EXPIRED', 'it has expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'it was issued for another host name'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'its issuer is not known (the server may not send its intermediate certificates)'],
    ['CERT_SOMETHING_NEW', 'it could not be verified'],
  ])('%s reads "%s"', (code, words) => {
    expect(fetchError(tlsError(code, 'node text'), 'https://example.test/', timeouts).message).toBe(
      `the TLS certificate of example.test is not valid: ${words} (${code})`,
    );
  });

  it('names a protocol failure by its code, not by OpenSSL\'s text', () => {
    const failure = fetchError(tlsError('ERR_SSL_WRONG_VERSION_NUMBER', 'ssl3_get_record:wrong version number'), 'https://example.test/', timeouts);
    expect(failure.message).toBe('could not set up a secure connection to example.test (ERR_SSL_WRONG_VERSION_NUMBER)');
    expect(failure.retryable).toBe(false);
  });
});

describe('quoteServerText', () => {
  it('quotes short printable text as it is', () => {
    expect(quoteServerText('/next/page?x=1')).toBe('"/next/page?x=1"');
  });

  it('cuts long text with an ellipsis', () => {
    expect(quoteServerText('x'.repeat(5000))).toBe(`"${'x'.repeat(80)}…"`);
    expect(quoteServerText('abcdef', 3)).toBe('"abc…"');
  });

  it('keeps printable characters only, folding whitespace', () => {
    expect(quoteServerText('a\r\n\tb  c\u2028d')).toBe('"a b c d"');
    // A bidi override would turn the rest of our sentence around; a NUL or ESC could reach a terminal.
    expect(quoteServerText('evil\u202etxt.exe\u0000\u001b[31m')).toBe('"evil?txt.exe??[31m"');
    expect(quoteServerText('café ☕')).toBe('"café ☕"');
  });

  it('escapes quotes, so the server\'s words cannot end the quotation early', () => {
    expect(quoteServerText('a" onclick="x')).toBe('"a\\" onclick=\\"x"');
  });
});
