// The floor to compare against: a bare node:http server answering JSON.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 3901);
createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"status":"ok"}');
}).listen(port, '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
