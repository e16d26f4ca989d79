import type { FixtureHandler } from './fixture-server.js';

/** A fixture page that holds its answer until the test opens the gate. */
export function gatedPage(html: string): { handler: FixtureHandler; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    handler: (_req, res) => {
      void opened.then(() => {
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      });
    },
    open,
  };
}
