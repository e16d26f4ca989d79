import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { parseContentType } from '../../src/fetch/fetch-page.js';

describe('parseContentType', () => {
  it('reads a missing or empty header as text/html', () => {
    expect(parseContentType(undefined)).toEqual({ mimeType: 'text/html' });
    expect(parseContentType('')).toEqual({ mimeType: 'text/html' });
    expect(parseContentType('  ')).toEqual({ mimeType: 'text/html' });
  });

  it.each(['html', 'text/html garbage', 'text/', '/html'])('fails %j, which is not a media type, as not_html', (header) => {
    let thrown: unknown;
    try {
      parseContentType(header);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'not_html', message: `the server sent an invalid content type ${JSON.stringify(header)}` });
  });

  it('reads a quoted parameter as one value, semicolons and all', () => {
    expect(parseContentType('text/html; note="a;charset=latin1"; charset=utf-8')).toEqual({ mimeType: 'text/html', charset: 'utf-8' });
  });

  it('lower-cases the type and strips parameters', () => {
    expect(parseContentType('Text/HTML; Boundary=x')).toEqual({ mimeType: 'text/html' });
  });

  it('returns the charset parameter', () => {
    expect(parseContentType('text/html; charset=UTF-8')).toEqual({ mimeType: 'text/html', charset: 'UTF-8' });
  });

  it('finds the charset among other parameters, in any case', () => {
    expect(parseContentType('application/xhtml+xml;foo=bar;CHARSET=Shift_JIS')).toEqual({
      mimeType: 'application/xhtml+xml',
      charset: 'Shift_JIS',
    });
  });

  it('unquotes a quoted charset', () => {
    expect(parseContentType('text/html; charset="iso-8859-1"')).toEqual({ mimeType: 'text/html', charset: 'iso-8859-1' });
    expect(parseContentType("text/html; charset='utf-8'")).toEqual({ mimeType: 'text/html', charset: 'utf-8' });
  });

  it('leaves out an empty charset', () => {
    expect(parseContentType('text/html; charset=')).toEqual({ mimeType: 'text/html' });
    expect(parseContentType('text/html; charset=""')).toEqual({ mimeType: 'text/html' });
  });

  it('uses the first value of an array header', () => {
    expect(parseContentType(['text/plain; charset=windows-1252', 'text/html'])).toEqual({
      mimeType: 'text/plain',
      charset: 'windows-1252',
    });
  });
});
