import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A test server listening on a free port of 127.0.0.1. */
export interface LocalListener {
  readonly url: string;
  /** Cuts requests left hanging on purpose and every connection, then closes. */
  readonly close: () => Promise<void>;
}

/** Listens on a free local port; `hanging` holds requests a test never answers. */
export async function listenLocal(
  server: Server,
  hanging: ReadonlySet<IncomingMessage> | readonly IncomingMessage[] = [],
): Promise<LocalListener> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const request of hanging) request.socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
