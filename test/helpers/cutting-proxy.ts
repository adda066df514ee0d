import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';

/** A TCP proxy in front of a local server that drops the connection at chosen points. */
export interface CuttingProxy {
  readonly url: string;
  /** Bytes sent from clients to the server so far (headers and bodies, all connections). */
  readonly bytesUp: number;
  /** Connections cut so far. */
  readonly cuts: number;
  /** Cuts the connection carrying the byte at each of these totals of `bytesUp`, once each. */
  cutAt(totals: readonly number[]): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 forwarding to `target` (`http://127.0.0.1:port`). */
export async function startCuttingProxy(target: string): Promise<CuttingProxy> {
  const { hostname, port } = new URL(target);
  let bytesUp = 0;
  let cuts = 0;
  let pending: number[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      bytesUp += chunk.length;
      const next = pending[0];
      if (next !== undefined && bytesUp >= next) {
        pending = pending.slice(1);
        cuts++;
        // The bytes before the cut point reach the server; the rest never do.
        upstream.write(chunk.subarray(0, Math.max(0, chunk.length - (bytesUp - next))), cut);
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const proxyPort = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    get bytesUp() {
      return bytesUp;
    },
    get cuts() {
      return cuts;
    },
    cutAt(totals) {
      pending = [...totals].sort((a, b) => a - b);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
