import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { PROJECT_ROOT } from '../../src/core/paths.js';

const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');

/** The variables of config.ts's schema, read from its source: the schema itself is not exported. */
function schemaVariables(): string[] {
  const source = read('src/core/config.ts');
  const schema = source.slice(source.indexOf('const ENV_SCHEMA = z.object({'), source.indexOf('\n});', source.indexOf('const ENV_SCHEMA')));
  return [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]!);
}

/** NAME=value lines of .env.example; comments and blank lines skipped. */
function exampleEnv(): Record<string, string> {
  const lines = read('.env.example').split('\n').filter((line) => /^[A-Z]/.test(line));
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

// Sample values rather than defaults: both URLs are unset unless given.
const SAMPLES = new Set(['DATABASE_URL', 'REDIS_URL']);

describe('.env.example', () => {
  it('lists every variable config.ts reads, and no other', () => {
    const variables = schemaVariables();
    expect(variables.length).toBeGreaterThan(20);
    expect(Object.keys(exampleEnv()).sort()).toEqual([...variables].sort());
  });

  it('gives each variable its default', () => {
    const defaults = loadConfig({});
    for (const [name, value] of Object.entries(exampleEnv())) {
      if (SAMPLES.has(name)) continue;
      expect({ [name]: loadConfig({ [name]: value })[name as keyof typeof defaults] }).toEqual({ [name]: defaults[name as keyof typeof defaults] });
    }
  });
});
