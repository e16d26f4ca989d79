import { describe, expect, it } from 'vitest';
import { declaredLanguage } from '../../src/text/declared-language.js';

const html = (source: string) => ({ bytes: Buffer.from(source, 'utf8'), mimeType: 'text/html' });

describe('declaredLanguage', () => {
  it('reads the lang of the html start tag, as written', () => {
    expect(declaredLanguage(html('<!doctype html><html class="no-js" lang="pt-BR"><body>olá</body></html>'))).toBe('pt-BR');
    expect(declaredLanguage(html("<HTML LANG='de'>"))).toBe('de');
    expect(declaredLanguage(html('<!-- a comment --><html dir="rtl" lang=fa>'))).toBe('fa');
  });

  it('finds none where the page declares none, or only elsewhere', () => {
    expect(declaredLanguage(html('<html><body lang="fr"><p lang="fr">bonjour</p></body></html>'))).toBeUndefined();
    expect(declaredLanguage(html('<html data-lang="fr"><body>x</body></html>'))).toBeUndefined();
    expect(declaredLanguage({ bytes: Buffer.from('lang="de"'), mimeType: 'text/plain' })).toBeUndefined();
  });

  it('looks only at the start of the page', () => {
    expect(declaredLanguage(html(`${' '.repeat(5000)}<html lang="de">`))).toBeUndefined();
  });
});
