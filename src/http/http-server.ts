import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer, type HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { Hono } from "hono";

export interface RunningHttpServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts duban's one HTTP server: `app` (health checks, webhooks, pages, each mounted on it
 * as a Hono sub-app) served by @hono/node-server on HTTP/1.1. Unknown paths get 404
 * `{ error: "not_found" }`; a throwing handler goes to `onError` and gets 500
 * `{ error: "internal_error" }`, never a crash.
 *
 * @example
 * const app = new Hono();
 * app.route("/", healthRoutes);
 * const http = await startHttpServer({ port: 3000, host: "127.0.0.1", app, onError });
 */
export async function startHttpServer(options: {
  port: number;
  host: string;
  app: Hono;
  onError: (error: unknown) => void;
}): Promise<RunningHttpServer> {
  const root = createRootApp(options.app, options.onError);
  const server = createAdaptorServer({
    fetch: root.fetch,
    // Leave the process's global Request and Response alone: other libraries here use them.
    overrideGlobalObjects: false,
  }) as Server;
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

/**
 * `app` under the answers for what nothing handled. Hono uses the top-level app's
 * `notFound` and `onError` for mounted sub-apps too, so one place decides them; the caller's
 * app is not changed.
 */
function createRootApp(
  app: Hono,
  onError: (error: unknown) => void,
): Hono<{ Bindings: HttpBindings }> {
  const root = new Hono<{ Bindings: HttpBindings }>();
  root.route("/", app);
  root.notFound((c) => c.json({ error: "not_found" }, 404));
  root.onError((error, c) => {
    onError(error);
    // A handler that wrote to the Node response itself (Slack's) may fail after answering.
    const { outgoing } = c.env;
    if (outgoing?.headersSent) {
      if (!outgoing.writableEnded) outgoing.end();
      return RESPONSE_ALREADY_SENT;
    }
    return c.json({ error: "internal_error" }, 500);
  });
  return root;
}
