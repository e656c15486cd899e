// `npm run relay`: starts the relay with settings from .env (see .env.example).
import 'dotenv/config';
import { createServer } from 'node:http';

const apiKey = process.env.OPENAI_API_KEY;
if (!apiKey) {
  console.error('relay: OPENAI_API_KEY is not set. Put it in .env (see .env.example) or the environment.');
  process.exit(1);
}
const port = Number(process.env.RELAY_PORT ?? 8081);
const host = process.env.RELAY_HOST ?? '127.0.0.1';

const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
    return;
  }
  res.writeHead(404).end();
});
server.listen(port, host, () => console.log(`relay: listening on http://${host}:${port}`));
