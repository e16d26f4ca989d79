// natural ships types for its index only; these cover the submodules we import to avoid loading all of it.
declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  export class RegexpTokenizer {
    constructor(options: { pattern: RegExp; gaps?: boolean });
    tokenize(text: string): string[] | null;
  }
  const tokenizers: { RegexpTokenizer: typeof RegexpTokenizer };
  export default tokenizers;
}

declare module 'natural/lib/natural/util/stopwords.js' {
  const stopwords: { words: string[] };
  export default stopwords;
}
