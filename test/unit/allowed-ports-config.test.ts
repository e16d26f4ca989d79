import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/core/config.js';

describe('FETCH_ALLOWED_PORTS', () => {
  it('defaults to 80 and 443', () => {
    expect(loadConfig({}).FETCH_ALLOWED_PORTS).toEqual([80, 443]);
  });

  it('reads a comma-separated list', () => {
    expect(loadConfig({ FETCH_ALLOWED_PORTS: ' 443, 8443 ' }).FETCH_ALLOWED_PORTS).toEqual([443, 8443]);
  });

  it.each(['http', '0', '70000', '80;443', ' , '])('stops on %j, naming the variable', (value) => {
    expect(() => loadConfig({ FETCH_ALLOWED_PORTS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ FETCH_ALLOWED_PORTS: value })).toThrow(/^FETCH_ALLOWED_PORTS: /);
  });
});
