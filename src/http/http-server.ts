import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A route handler; returns false when it did not handle the request. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export interface RunningHttpServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the HTTP server that hosts health checks now and webhooks and pages later. Each
 * handler is tried in order; unknown paths get 404, a throwing handler 500 (never a crash).
 */
export async function startHttpServer(options: {
  port: number;
  host: string;
  handlers: RouteHandler[];
  onError: (error: unknown) => void;
}): Promise<RunningHttpServer> {
  const server = createServer((request, response) => {
    void route(options.handlers, request, response).catch((error: unknown) => {
      options.onError(error);
      if (!response.headersSent) sendJson(response, 500, { error: "internal_error" });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(
  handlers: RouteHandler[],
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  for (const handler of handlers) {
    if (await handler(request, response)) return;
  }
  sendJson(response, 404, { error: "not_found" });
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}
