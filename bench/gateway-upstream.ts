// The app behind the proxies in `npm run bench -- gateway`: answers every request with a small
// body over keep-alive HTTP/1.1, in its own process (so neither proxy shares its core with it).
import { createServer } from 'node:http';

const body = Buffer.from('{"hello":"world","items":[1,2,3]}');
const server = createServer({ keepAliveTimeout: 120_000 }, (req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
