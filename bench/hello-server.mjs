// The read path's ceiling: a bare Express 5 app with one "hello" route, in its own process,
// measured with the same autocannon settings as GET /results/:key.
//   node bench/hello-server.mjs <port>
import express from 'express';

const app = express();
app.get('/hello', (_req, res) => {
  res.json(['hello', 'world']);
});
app.listen(Number(process.argv[2] ?? 5090), '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => process.exit(0));
