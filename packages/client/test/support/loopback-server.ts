import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the loopback server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Handler: return [status, headers, body] or `'drop'` to destroy the socket (a network failure). */
export type LoopbackHandler = (
  req: SeenRequest,
) => [number, Record<string, string>, string] | 'drop' | Promise<[number, Record<string, string>, string] | 'drop'>;

/** A real HTTP server on 127.0.0.1 for client tests; it records every request. */
export interface LoopbackServer {
  url: string;
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Starts a real HTTP server on loopback (optionally on a fixed port, to "restart" it).
 */
export async function startLoopbackServer(handler: LoopbackHandler, port = 0): Promise<LoopbackServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const request = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(request);
      const result = await handler(request);
      if (result === 'drop') {
        req.socket.destroy();
        return;
      }
      const [status, headers, body] = result;
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): [number, Record<string, string>, string] => [
  status,
  { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  JSON.stringify(body),
];
