import { domainToASCII } from 'node:url';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import ipaddr from 'ipaddr.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/service.js';

// `POST /start` must answer every malformed body with 400/413 and a JSON message (or 202 when the
// input is a valid URL after all), never 5xx, and keep serving. The corpus is generated from a fixed
// seed, so a failure names a case that fails the same way on the next run.
const SEED = 0x5eed_c0de;
const CONCURRENCY = 16;

type Outcome = 202 | 400 | 413;

interface Case {
  category: string;
  label: string;
  headers: Record<string, string>;
  body: Uint8Array | (() => ReadableStream<Uint8Array>);
  /** Unset: either 202 or 400 is a fine answer (fuzz, or a corner the URL standard decides). */
  expect?: Outcome;
  /** For an expected 202, the normalized URL the answer must carry. */
  url?: string;
  /** For an expected 400, what the message must say. */
  error?: RegExp;
  /** The `url` value sent, when the body is `{"url": input}`. */
  input?: unknown;
}

/** mulberry32: a tiny PRNG with a seed, since Math.random cannot be seeded. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const text = (alphabet: readonly string[], length: number) => Array.from({ length }, () => pick(alphabet)).join('');
  return { next, int, pick, text };
}

const JSON_TYPE = { 'content-type': 'application/json' };
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };
const bytes = (text: string) => new TextEncoder().encode(text);
const show = (value: unknown) => (JSON.stringify(value) ?? String(value)).slice(0, 100);

function buildCorpus(seed: number): Case[] {
  const random = seededRandom(seed);
  const cases: Case[] = [];
  const add = (category: string, label: string, body: Case['body'] | string, headers: Record<string, string>, more: Partial<Case> = {}) =>
    cases.push({ category, label, headers, body: typeof body === 'string' ? bytes(body) : body, ...more });
  /** The usual request: JSON `{"url": value}`. */
  const url = (category: string, value: unknown, expect?: Outcome, more: Partial<Case> = {}) =>
    add(category, show(value), JSON.stringify({ url: value }), JSON_TYPE, { expect, input: value, ...more });
  const valid = (path: string) => `http://example.com/${path}`;

  // Every proper prefix of a JSON document is invalid JSON (the empty one reads as {}); mutations may parse.
  for (const doc of ['{"url": "http://example.com/a?b=1"}', '{"url":"example.org","fresh":true}', '[{"url":"x"}]', '{"url": ["http://e.com"]}']) {
    for (let end = 0; end < doc.length; end++) add('invalid-json', `prefix ${show(doc.slice(0, end))}`, doc.slice(0, end), JSON_TYPE, { expect: 400 });
    for (let i = 0; i < 12; i++) {
      const chars = [...doc];
      for (let n = random.int(1, 3); n > 0; n--) chars[random.int(0, chars.length - 1)] = random.pick([...'{}[]":,\\ \'tn0-.eE/\u0000\u00e9']);
      add('invalid-json', `mutated ${show(chars.join(''))}`, chars.join(''), JSON_TYPE);
    }
  }
  for (const doc of [
    "{'url': 'http://example.com/'}", '{"url": "http://example.com/",}', '{url: "http://example.com/"}', '{"url": NaN}',
    '{"url": Infinity}', '{"url": undefined}', '{"url": 0x10}', '{"url": 01}', '{"url": "\\q"}', '{"url": "a" "b"}',
    '{"url": "http://e.com/"} // comment', '/* c */ {"url": "http://e.com/"}', '{"url": "http://e.com/"}{}', '{"url": "\u0001"}',
    '{"url": "http://e.com/\n"}', '{"url": "\\ud800"', '{{}}', ']', '}', '{"url"}', '{"url": }', '{:}', '{"url": "http://e.com/"]',
  ]) add('invalid-json', show(doc), doc, JSON_TYPE, { expect: 400, error: /not valid JSON/ });

  // Strict JSON parsing takes only objects and arrays as the body; neither carries a url here.
  const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const deepObject = (depth: number) => '{"a":'.repeat(depth) + '{}' + '}'.repeat(depth);
  for (const doc of [
    '0', '-1', '3.14', '1e309', 'true', 'false', 'null', '"http://example.com/"', '""', '[]', '[1,2]', '["http://example.com/"]',
    '[{"url":"http://example.com/"}]', '{}', '{"a":1}', '{"data":{"url":"http://example.com/"}}', '{"url":{"url":"http://example.com/"}}',
    deep(10), deep(1000), deep(5000), deepObject(10), deepObject(1000), '  \n\t{}',
  ]) add('json-body-types', show(doc), doc, JSON_TYPE, { expect: 400 });
  for (let i = 0; i < 30; i++) {
    const value = random.pick([() => random.int(-1e9, 1e9), () => random.next(), () => random.next() < 0.5, () => null, () => [random.int(0, 9)], () => ({ k: random.int(0, 9) })])();
    add('json-body-types', `random ${show(value)}`, JSON.stringify(value), JSON_TYPE, { expect: 400 });
  }

  // `url` of every JSON type but string: only strings are URLs.
  for (const value of [0, 1, -1, 1.5, 1e21, 2 ** 53, true, false, [], ['http://example.com/'], [['http://example.com/']], {}, { href: 'http://example.com/' }, { toString: 'http://example.com/' }, { url: { url: 'x' } }]) {
    url('url-types', value, 400, { error: /url must be a string/ });
  }
  url('url-types', null, 400, { error: /url is required/ });
  url('url-types', '', 400, { error: /url is required/ });
  url('url-types', undefined, 400, { error: /url is required/ });
  for (let i = 0; i < 30; i++) url('url-types', random.pick([random.int(-1e6, 1e6), random.next(), [random.next()], { n: random.int(0, 99) }]), 400);
  // A valid url with a `fresh` of the wrong type: `fresh` is only honoured when true, the rest is ignored.
  for (const fresh of ['yes', 'TRUE', [], {}, null, 1, 0, -1, 'on', 'false', true, false]) {
    add('url-types', `fresh ${show(fresh)}`, JSON.stringify({ url: valid('fresh'), fresh }), JSON_TYPE, { expect: 202, url: valid('fresh') });
  }

  // The JSON parser only runs for JSON media types; other bodies arrive empty.
  const jsonBody = JSON.stringify({ url: valid('ct') });
  for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/vnd.api+json', 'application/json; charset="UTF-8"', 'application/ld+json']) {
    add('content-types', type, jsonBody, { 'content-type': type }, { expect: 202, url: valid('ct') });
  }
  for (const type of ['text/plain', 'text/html', 'application/xml', 'application/octet-stream', 'multipart/form-data; boundary=x', 'application/javascript', 'application/jsonx', 'json', 'application/x-json', 'text/json', '*/*', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/json; charset=nope']) {
    add('content-types', type, jsonBody, { 'content-type': type }, { expect: 400 });
  }
  add('content-types', 'no content-type', jsonBody, {}, { expect: 400, error: /url is required/ });
  add('content-types', 'form body sent as JSON', `url=${encodeURIComponent(valid('ct'))}`, JSON_TYPE, { expect: 400, error: /not valid JSON/ });
  add('content-types', 'JSON body sent as a form', jsonBody, FORM_TYPE, { expect: 400 });
  for (const type of ['application/json;;;', 'application/json; charset', '/', 'application/', ';', 'a'.repeat(500), `application/json; ${'x=y; '.repeat(100)}`]) {
    add('content-types', `odd ${show(type)}`, jsonBody, { 'content-type': type });
  }
  add('content-types', 'a byte order mark before the JSON', `\ufeff${jsonBody}`, JSON_TYPE, { expect: 202, url: valid('ct') });
  add('content-types', 'invalid UTF-8 in a JSON string', new Uint8Array([...bytes('{"url":"http://example.com/'), 0xff, 0xfe, 0xc0, ...bytes('"}')]), JSON_TYPE);
  add('content-types', 'UTF-16 bytes labelled UTF-8', new Uint8Array(Buffer.from(jsonBody, 'utf16le')), JSON_TYPE, { expect: 400 });

  // Form posts, as a page without JavaScript sends them.
  const form = (fields: string, expect?: Outcome, more: Partial<Case> = {}) => add('form-encoded', show(fields), fields, FORM_TYPE, { expect, ...more });
  for (let i = 0; i < 20; i++) {
    const path = random.text([...'abcxyz0189-_.~'], random.int(0, 12));
    form(new URLSearchParams({ url: `https://example.com/${path}` }).toString(), 202, { url: `https://example.com/${path}` });
  }
  form('url=http%3A%2F%2Fexample.com%2Fa+b', 202, { url: 'http://example.com/a%20b' });
  form('&&&url=example.com&&', 202, { url: 'http://example.com/' });
  form('url=example.com&fresh=maybe', 202, { url: 'http://example.com/' });
  for (const fields of ['', 'url', 'url=', 'URL=http://example.com/', 'url=a&url=b', 'url=http://a.com/&url=http://b.com/', 'url=%', 'url=%00', 'url=%E0%A4%A',
    'url=javascript%3Aalert(1)', 'url=%20%20%20', 'u%72l=%2F%2F', 'url[]=http://example.com/', 'url[a]=http://example.com/', '__proto__[url]=http://example.com/',
    'constructor[prototype][url]=x', '=http://example.com/', '&', '==', 'url=http://user:pw@example.com/', `url=${'x'.repeat(12_000)}`]) {
    form(fields, fields === 'u%72l=%2F%2F' ? undefined : 400);
  }
  form('a&'.repeat(1000) + 'url=example.com', 413); // over body-parser's 1,000 parameters
  add('form-encoded', 'charset=iso-8859-1', 'url=http://example.com/caf%E9', { 'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1' }, { expect: 202 });
  add('form-encoded', 'charset=koi8-r', 'url=http://example.com/', { 'content-type': 'application/x-www-form-urlencoded; charset=koi8-r' }, { expect: 400 });

  // The parsers stop at 256 kB for JSON (a batch of 100 long URLs fits) and 16 kB for forms; what fits
  // is parsed, what does not gets 413 in JSON.
  const padded = (size: number) => {
    const head = `{"url":"${valid('pad')}","pad":"`;
    return `${head}${'x'.repeat(size - head.length - 2)}"}`;
  };
  add('huge-bodies', 'JSON of exactly 262144 bytes', padded(262_144), JSON_TYPE, { expect: 202, url: valid('pad') });
  for (const size of [262_145, 262_500, 300_000, 524_288, 1_048_576]) {
    add('huge-bodies', `JSON of ${size} bytes`, padded(size), JSON_TYPE, { expect: 413, error: /too large/ });
  }
  for (const size of [16_385, 50_000, 1_048_576]) {
    add('huge-bodies', `form of ${size} bytes`, `url=example.com&pad=${'x'.repeat(size - 20)}`, FORM_TYPE, { expect: 413 });
  }
  add('huge-bodies', 'JSON of 10 kB with a 10 kB url', JSON.stringify({ url: valid('y'.repeat(10_000)) }), JSON_TYPE, { expect: 400, error: /longer than 2048/ });
  add('huge-bodies', '100 kB of text/plain (ignored)', 'x'.repeat(100_000), { 'content-type': 'text/plain' }, { expect: 400, error: /url is required/ });
  // Without Content-Length the limit has to hold while the body streams in.
  add('huge-bodies', '300 kB streamed without Content-Length', () => new Blob([padded(300_000)]).stream(), JSON_TYPE, { expect: 413 });
  add('huge-bodies', '1 kB streamed without Content-Length', () => new Blob([jsonBody]).stream(), JSON_TYPE, { expect: 202 });

  // Compressed bodies are inflated, and the size limit applies to what comes out.
  const bomb = bytes(padded(4 * 1024 * 1024));
  for (const [encoding, body, expect] of [
    ['gzip', gzipSync(jsonBody), 202], ['deflate', deflateSync(jsonBody), 202], ['br', brotliCompressSync(jsonBody), 202], ['identity', bytes(jsonBody), 202],
    ['gzip', bytes(jsonBody), 400], ['gzip', gzipSync(jsonBody).subarray(0, 20), 400], ['deflate', randomBytesFrom(random, 64), 400],
    ['compress', bytes(jsonBody), 400], ['gzip, br', gzipSync(jsonBody), 400], ['gzip', gzipSync(bomb), 413], ['br', brotliCompressSync(bomb), 413],
  ] as const) add('compressed-bodies', `${encoding}${expect === 413 ? ' bomb' : ''}`, new Uint8Array(body), { ...JSON_TYPE, 'content-encoding': encoding }, { expect });

  // Control characters: tab and newlines vanish (the URL standard strips them), the rest are
  // refused in a host and percent-encoded in a path or query; surrounding whitespace is trimmed.
  const controls = [...Array.from({ length: 32 }, (_, code) => code), 0x7f];
  for (const code of controls) {
    const c = String.fromCharCode(code);
    const stripped = c === '\t' || c === '\n' || c === '\r';
    const trimmed = code >= 0x09 && code <= 0x0d;
    const hex = `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    url('control-chars', `http://exa${c}mple.com/`, stripped ? 202 : 400, stripped ? { url: 'http://example.com/' } : {});
    url('control-chars', `http://example.com/a${c}b`, 202, { url: `http://example.com/a${stripped ? '' : hex}b` });
    url('control-chars', `http://example.com/?q=a${c}b`, 202, { url: `http://example.com/?q=a${stripped ? '' : hex}b` });
    url('control-chars', `${c}http://example.com/`, trimmed ? 202 : 400);
    // At the very end the URL parser strips any C0 control character (DEL is not one).
    url('control-chars', `http://example.com/x${c}`, 202, { url: `http://example.com/x${code === 0x7f ? '%7F' : ''}` });
  }
  for (let code = 0x80; code <= 0x9f; code++) {
    const c = String.fromCharCode(code);
    url('control-chars', `http://exa${c}mple.com/`, 400);
    url('control-chars', `http://example.com/${c}`, 202, { url: `http://example.com/${encodeURIComponent(c)}` });
  }

  // Schemes other than http(s) are refused by name. A digit after the colon reads as host:port
  // ("mailto:123" is http://mailto:123/), so these payloads never start with one.
  const payloads = ['alert(1)', '//example.com/x', '///etc/passwd', 'text/html,<script>alert(1)</script>', 'user@example.com', 'text/html;base64,PHNjcmlwdD4=', '%0aalert(1)'];
  for (const scheme of ['javascript', 'file', 'data', 'ftp', 'mailto', 'vbscript', 'ws', 'wss', 'gopher', 'about', 'blob', 'chrome', 'view-source', 'intent', 'tel', 'sms', 'ssh', 'ldap', 'jar', 'news', 'sftp', 'smb', 'git', 'filesystem', 'moz-extension']) {
    for (let i = 0; i < 4; i++) {
      const cased = random.next() < 0.3 ? [...scheme].map((ch) => (random.next() < 0.5 ? ch.toUpperCase() : ch)).join('') : scheme;
      const spaced = random.next() < 0.2 ? ' \t' : '';
      url('schemes', `${spaced}${cased}:${random.pick(payloads)}`, 400, { error: new RegExp(`not ${scheme}$|is not a valid URL`) });
    }
  }
  for (const [input, normalized] of [
    ['http:/example.com', 'http://example.com/'], ['https:example.com', 'https://example.com/'], ['HTTP://EXAMPLE.COM', 'http://example.com/'],
    ['hTtPs://example.com/a', 'https://example.com/a'], ['http:\\\\example.com\\a', 'http://example.com/a'], ['//example.com/x', 'http://example.com/x'],
  ]) url('schemes', input, 202, { url: normalized });
  for (const input of ['javascript:1', 'mailto:123', 'jav\tascript:alert(1)', 'http//example.com', 'ht tp://example.com', '\u0000javascript:alert(1)', 'javascript\u0000:alert(1)']) url('schemes', input);

  // A user name or password in the URL is refused; an empty one is no credential at all.
  const hosts = ['example.com', 'bücher.example', '[2001:db8::1]', '127.0.0.1', 'example.com:8080'];
  for (const host of hosts) {
    for (const userinfo of ['user:pass', 'user', ':pass', 'user:', 'u%40x:p%3Ay', 'admin:admin', 'a:b@c', `${'u'.repeat(100)}:${'p'.repeat(100)}`]) {
      url('credentials', `${random.pick(['http', 'https'])}://${userinfo}@${host}/`, 400, { error: /user name or password/ });
    }
    url('credentials', `user:1234@${host}`, 400);
    url('credentials', `http://@${host}/`, 202);
    url('credentials', `http://:@${host}/`, 202);
  }

  // IPv6 literals pass at submit time (the address policy judges them in the worker); broken ones do not.
  url('ipv6', 'http://[2001:db8::1]/', 202, { url: 'http://[2001:db8::1]/' });
  url('ipv6', '[2001:db8::5]', 202, { url: 'http://[2001:db8::5]/' });
  url('ipv6', 'http://[::ffff:127.0.0.1]/', 202, { url: 'http://[::ffff:7f00:1]/' });
  for (let i = 0; i < 40; i++) {
    const groups = Array.from({ length: 8 }, () => (random.next() < 0.4 ? 0 : random.int(0, 0xffff)));
    const address = ipaddr.fromByteArray(groups.flatMap((g) => [g >> 8, g & 0xff])) as ipaddr.IPv6;
    const written = random.pick([address.toString(), address.toNormalizedString(), groups.map((g) => g.toString(16).padStart(4, '0')).join(':')]);
    const cased = random.next() < 0.5 ? written.toUpperCase() : written;
    const port = random.pick(['', ':8080', ':80']);
    url('ipv6', `http://[${cased}]${port}/x`, 202, { url: `http://[${address.toString()}]${port === ':80' ? '' : port}/x` });
  }
  for (const host of ['[::1', '::1]', '[:::1]', '[2001:db8::1::2]', '[g::1]', '[1:2:3:4:5:6:7:8:9]', '[12345::]', '[::1]]', '[[::1]]', '[::1%eth0]',
    '[fe80::1%25eth0]', '[1.2.3.4]', '[::1.2.3]', '[::ffff:256.0.0.1]', '[]', '[ ]', '[:]', '[1:2]', '2001:db8::1', '[2001:db8::1]:99999', '[2001:db8::1]x']) {
    url('ipv6', `http://${host}/`, 400);
  }
  for (let i = 0; i < 15; i++) {
    const groups = Array.from({ length: random.int(9, 12) }, () => random.int(0, 0xffff).toString(16));
    url('ipv6', `http://[${groups.join(':')}]/`, 400);
  }

  // The URL standard's IPv4 forms: hex, octal and a single number are valid, out-of-range parts are not.
  for (const [host, normalized] of [['0x7f.1', '127.0.0.1'], ['2130706433', '127.0.0.1'], ['017700000001', '127.0.0.1'], ['1.2.3', '1.2.0.3'], ['0', '0.0.0.0'], ['0xffffffff', '255.255.255.255']]) {
    url('ipv4-forms', `http://${host}/`, 202, { url: `http://${normalized}/` });
  }
  for (const host of ['256.1.1.1', '1.2.3.4.5', '4294967296', '1.2.3.09', '0x100000000', '1.2.3.256', '999999999999']) url('ipv4-forms', `http://${host}/`, 400);

  // International host names come back in punycode.
  for (const [host, ascii] of [
    ['bücher.example', 'xn--bcher-kva.example'], ['münchen.de', 'xn--mnchen-3ya.de'], ['例え.テスト', 'xn--r8jz45g.xn--zckzah'], ['☃.net', 'xn--n3h.net'],
    ['россия.рф', 'xn--h1alffa9f.xn--p1ai'], ['ÜBER.example', 'xn--ber-goa.example'], ['😀.example', 'xn--e28h.example'], ['ｅｘａｍｐｌｅ．ｃｏｍ', 'example.com'],
  ]) url('idn-hosts', `http://${host}/`, 202, { url: `http://${ascii}/` });
  for (const host of ['παράδειγμα.δοκιμή', 'مثال.إختبار', 'उदाहरण.परीक्षा', '실례.테스트', 'пример.испытание', 'דוגמה.בדיקה', 'straße.de', 'faß.de', 'ñandú.example', 'çaé.fr', '中文.中国', 'ελληνικά.gr']) {
    for (const scheme of ['http', 'https']) url('idn-hosts', `${scheme}://${host}/p`, 202, { url: `${scheme}://${domainToASCII(host)}/p` });
  }
  for (const host of ['xn--a.example', 'xn--.example', 'xn--zz-\u00e9.example', 'a\u200dz.example']) url('idn-hosts', `http://${host}/`);

  // Past 2,048 characters (as typed, or once percent-encoded) a URL is refused before it is parsed.
  const long = (length: number, where: string) => {
    const base = { path: 'http://example.com/', query: 'http://example.com/?q=', fragment: 'http://example.com/#', host: 'http://', user: 'http://' }[where]!;
    const tail = { host: '.example.com/', user: '@example.com/' }[where] ?? '';
    return base + 'a'.repeat(length - base.length - tail.length) + tail;
  };
  for (const where of ['path', 'query', 'fragment', 'host', 'user']) {
    url('long-urls', long(10_240, where), 400, { error: /longer than 2048/ });
    url('long-urls', long(2049, where), 400, { error: /longer than 2048/ });
    for (let i = 0; i < 5; i++) url('long-urls', long(random.int(2050, 12_000), where), 400, { error: /longer than 2048/ });
  }
  url('long-urls', long(2048, 'path'), 202, { url: long(2048, 'path') });
  url('long-urls', `http://example.com/${'é'.repeat(700)}`, 400, { error: /longer than 2048/ });
  url('long-urls', `http://example.com/${'😀'.repeat(150)}`, 202);

  // Percent signs that decode to nothing sensible stay as they are in a path; in a host they must decode to a name.
  url('percent-encoding', 'http://example.com/a/%2e%2e/%2E./etc/passwd', 202, { url: 'http://example.com/etc/passwd' }); // dot segments, encoded or not
  for (const junk of ['%', '%%', '%zz', '%0', '%g0', '%E0%A4%A', '%C0%AF', '%25', '%00', '%%%', '%uD83D', '%FF%FE']) {
    url('percent-encoding', `http://example.com/${junk}`, 202, { url: `http://example.com/${junk}` });
  }
  for (const host of ['%00.com', '%zz.com', 'exa%20mple.com', '%', '%2F.com', '%3A80', '%5B%3A%3A1%5D', '%C0%AF.com', '%ff.com']) url('percent-encoding', `http://${host}/`, 400);
  url('percent-encoding', 'http://%41%42.com/', 202, { url: 'http://ab.com/' });
  url('percent-encoding', 'http://%E2%98%83.net/', 202, { url: 'http://xn--n3h.net/' });
  for (let i = 0; i < 25; i++) {
    const junk = random.text(['%', '%2', '%G', '%41', '%e9', '%%', 'a', '/', '?', '=', '&'], random.int(1, 10));
    url('percent-encoding', `http://example.com/${junk}`, 202);
  }

  // Nothing but whitespace is no URL at all.
  const spaces = ['', ' ', '\t', '\n', '\r\n', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u2003', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
  for (const space of spaces) url('whitespace', space.repeat(random.int(1, 5)), 400, { error: /url is required/ });
  for (let i = 0; i < 10; i++) url('whitespace', random.text(spaces, random.int(1, 20)), 400, { error: /url is required/ });
  for (const invisible of ['\u200b', '\u180e', '\u2060', '\u00ad']) url('whitespace', invisible, 400);
  url('whitespace', ' \u3000 http://example.com/ws \n\ufeff', 202, { url: 'http://example.com/ws' });
  url('whitespace', 'http://exa mple.com/', 400, { error: /not a valid URL/ });

  // Emoji are fine in a path or query (in a host, IDNA decides); bidirectional controls are not allowed in a host name.
  for (const emoji of ['😀', '👨‍👩‍👧', '🏳️‍🌈', '🇫🇷', '💩', '\u{1F600}\u{FE0F}']) {
    url('emoji-rtl', `http://example.com/${emoji}`, 202, { url: `http://example.com/${encodeURIComponent(emoji)}` });
    url('emoji-rtl', `http://example.com/?q=${emoji}`, 202);
  }
  for (const control of ['\u202e', '\u202d', '\u202a', '\u202b', '\u202c', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f']) {
    url('emoji-rtl', `http://exa${control}mple.com/`, 400);
    url('emoji-rtl', `http://example.com/${control}gnp.exe`, 202, { url: `http://example.com/${encodeURIComponent(control)}gnp.exe` });
  }
  for (const host of ['💩.la', 'i❤.ws', '👨‍👩‍👧.example']) url('emoji-rtl', `http://${host}/`);

  // Host names past DNS's limits (63 per label, 253 in all) are left to the worker's lookup.
  for (let i = 0; i < 20; i++) {
    const labels = Array.from({ length: random.int(1, 8) }, () => random.text([...'abcdefghijklmnopqrstuvwxyz0123456789-'], random.int(1, 250)));
    url('long-hostnames', `http://${labels.join('.')}.example/`);
  }
  for (const size of [64, 255, 1000, 2000]) url('long-hostnames', `http://${'a'.repeat(size)}.example/`);
  url('long-hostnames', `http://${'a'.repeat(3000)}.example/`, 400, { error: /longer than 2048/ });

  // Ports must be 0-65535; the scheme's default port is dropped.
  for (const port of ['99999', '65536', '-1', 'abc', ' 80', '8O', '1e3', '0x50', '+80', ':80', '80.0', '１２３', '4294967377']) url('ports', `http://example.com:${port}/`, 400);
  url('ports', 'example.com:99999', 400);
  for (let i = 0; i < 10; i++) url('ports', `http://example.com:${random.int(65_536, 1e12)}/`, 400);
  for (let i = 0; i < 10; i++) {
    const port = random.int(1, 65_535);
    url('ports', `https://example.com:${port}/`, 202, { url: `https://example.com${port === 443 ? '' : `:${port}`}/` });
  }
  for (const [input, normalized] of [['http://example.com:80/', 'http://example.com/'], ['https://example.com:443/', 'https://example.com/'],
    ['http://example.com:00080/', 'http://example.com/'], ['http://example.com:65535/', 'http://example.com:65535/'], ['http://example.com:/', 'http://example.com/']]) {
    url('ports', input, 202, { url: normalized });
  }
  url('ports', 'http://example.com:0/'); // the URL standard allows port 0, so either answer will do

  // Keys that are not `url`, or reach it only through the prototype, carry no URL.
  for (const doc of ['{"__proto__": {"url": "http://example.com/"}}', '{"constructor": {"prototype": {"url": "http://example.com/"}}}', '{"URL": "http://example.com/"}',
    '{"url ": "http://example.com/"}', '{" url": "http://example.com/"}', '{"url": "http://example.com/", "url": 1}', '{"u\\u0000rl": "http://example.com/"}']) {
    add('odd-keys', doc, doc, JSON_TYPE, { expect: 400 });
  }
  for (const doc of ['{"url": 1, "url": "http://example.com/"}', '{"u\\u0072l": "http://example.com/"}', '{"url": "http://example.com/", "__proto__": null}',
    '{"hasOwnProperty": 1, "toString": 2, "url": "http://example.com/"}', `{${Array.from({ length: 1000 }, (_, i) => `"k${i}":${i}`).join(',')},"url":"http://example.com/"}`]) {
    add('odd-keys', show(doc), doc, JSON_TYPE, { expect: 202, url: 'http://example.com/' });
  }

  // Random strings from URL-ish pieces and troublemakers: anything goes except a 5xx or a bad envelope.
  const alphabet = [...'abcxyz019./:?#@[]%&=+-_~!$\'()*,; \\"<>^`{|}', 'é', 'ß', '😀', '\u202e', '\u0000', '\u00a0', '\ud800', '\uffff', 'xn--', '::', '//', '..', '%00', '%2F'];
  for (let i = 0; i < 200; i++) {
    const prefix = random.pick(['', 'http://', 'https://', 'HTTP://', '//', 'http:', 'javascript:', 'example.com', 'http://example.com/', 'http://[']);
    url('fuzz', prefix + random.text(alphabet, random.int(0, 60)));
  }
  return cases;
}

function randomBytesFrom(random: ReturnType<typeof seededRandom>, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => random.int(0, 255));
}

interface Answer {
  status: number;
  body: any;
  location: string | null;
}

async function send(baseUrl: string, testCase: Case): Promise<Answer> {
  const { body } = testCase;
  const response = await fetch(`${baseUrl}/start`, {
    method: 'POST',
    headers: { accept: 'application/json', ...testCase.headers },
    // A byte body gets no Content-Type from fetch, so each case decides its own.
    body: typeof body === 'function' ? body() : (body as Uint8Array<ArrayBuffer>),
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, location: response.headers.get('location') };
}

/** Runs `task` over `items`, at most `limit` at a time, keeping the answers in order. */
async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const answers: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      answers[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return answers;
}

const ERROR_CODES: Record<number, string[]> = { 400: ['invalid_url', 'invalid_request'], 413: ['payload_too_large'] };

/** What is wrong with an answer, if anything. */
function problemsWith(testCase: Case, answer: Answer): string[] {
  const problems: string[] = [];
  const { status, body } = answer;
  if (testCase.expect !== undefined && status !== testCase.expect) problems.push(`expected ${testCase.expect}, got ${status}`);
  if (status === 202) {
    const { key } = body ?? {};
    if (!isEqual(Object.keys(body ?? {}).sort(), ['key', 'results_url', 'status', 'url'])) problems.push('202 body has other fields');
    if (typeof key !== 'string' || body.status !== 'queued' || body.results_url !== `/results/${key}` || answer.location !== `/results/${key}`) {
      problems.push('202 body is not {key, url, status: queued, results_url}');
    }
    // Whatever came in, what is stored and fetched is plain ASCII: punycode hosts, percent-encoded paths.
    if (typeof body.url !== 'string' || !/^https?:\/\/[\x21-\x7e]+$/.test(body.url) || body.url.length > 2048) problems.push(`bad url ${show(body.url)}`);
    if (testCase.url !== undefined && body.url !== testCase.url) problems.push(`expected url ${show(testCase.url)}`);
  } else if (status === 400 || status === 413) {
    if (!isEqual(Object.keys(body ?? {}).sort(), ['code', 'error'])) problems.push('error body is not {error, code}');
    if (typeof body.error !== 'string' || body.error.trim() === '') problems.push('empty error message');
    if (!ERROR_CODES[status]!.includes(body.code)) problems.push(`unexpected code ${show(body.code)}`);
    if (testCase.error && !testCase.error.test(body.error)) problems.push(`message does not match ${testCase.error}`);
  } else {
    problems.push(`status ${status} is not 202, 400 or 413`);
  }
  return problems.map((problem) => `[${testCase.category}] ${testCase.label}: ${problem} (${show(body)})`);
}

const isEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// No worker runs, so nothing is fetched and the accepted cases stay queued (each service has a database of its own).
let service: TestService;
beforeAll(async () => {
  service = await startTestService({}, { worker: false });
});
afterAll(() => service?.stop());

describe('POST /start with a generated corpus of malformed input', () => {
  it('answers every case with 400/413 and a message, or 202, never 5xx, and keeps serving', async ({ annotate }) => {
    const corpus = buildCorpus(SEED);
    expect(corpus.length).toBeGreaterThanOrEqual(1000);

    const answers = await mapWithConcurrency(corpus, CONCURRENCY, (testCase) => send(service.baseUrl, testCase));
    const problems = corpus.flatMap((testCase, i) => problemsWith(testCase, answers[i]!));
    expect(problems).toEqual([]);

    // Counts per category and status, so a corpus that stops exercising one side shows up.
    const byStatus = new Map<number, number>();
    const byCategory: Record<string, Record<number, number>> = {};
    corpus.forEach((testCase, i) => {
      const { status } = answers[i]!;
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      const counts = (byCategory[testCase.category] ??= {});
      counts[status] = (counts[status] ?? 0) + 1;
    });
    await annotate(`answers by category and status: ${JSON.stringify(byCategory)}`);
    expect(byStatus.get(400)).toBeGreaterThanOrEqual(500);
    expect(byStatus.get(202)).toBeGreaterThanOrEqual(200);
    expect(byStatus.get(413)).toBeGreaterThanOrEqual(10);

    const after = await fetch(`${service.baseUrl}/start`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ url: 'https://example.com/after' }) });
    expect(after.status).toBe(202);
    expect((await fetch(`${service.baseUrl}/`)).status).toBe(200);
  });

  it('gives the same verdicts to the URLs posted from the page\'s form: 303 to the result, or 400', async () => {
    // POST / shares the validation with POST /start but answers a person: a redirect, or the page with the message.
    const typed = buildCorpus(SEED).filter((testCase) => typeof testCase.input === 'string' && testCase.expect !== undefined);
    const statuses = await mapWithConcurrency(typed, CONCURRENCY, async (testCase) => {
      const response = await fetch(`${service.baseUrl}/`, {
        method: 'POST',
        headers: FORM_TYPE,
        body: new URLSearchParams({ url: testCase.input as string }),
        redirect: 'manual',
      });
      await response.arrayBuffer();
      return response.status;
    });
    const problems = typed.flatMap((testCase, i) =>
      statuses[i] === (testCase.expect === 202 ? 303 : 400) ? [] : [`[${testCase.category}] ${testCase.label}: ${statuses[i]}`]);
    expect(problems).toEqual([]);
    expect(typed.length).toBeGreaterThan(500);
  });
});
