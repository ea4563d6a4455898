import { Hono } from "hono";
import type { IncomingHandler } from "../../core/incoming.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Locale } from "../../i18n/locales.js";
import type { Logger } from "../../logger.js";
import type { PlatformAdapter } from "../platform-adapter.js";
import { WebGateway } from "./web-gateway.js";
import { createWebNotifier } from "./web-notifier.js";
import { setWebReachability } from "./web-reachability.js";
import { createWebRoutes } from "./web-routes.js";

/**
 * The web adapter: the try-out chat's API inbound (`createWebRoutes`), `WebGateway` for the
 * outbox, so the scheduler's messages to a web member land in the chat like any platform's.
 * `app` is the Hono sub-app; `routes` serve it on the present HTTP server.
 */
export function createWebAdapter(options: {
  prisma: PrismaClient;
  handleIncoming: IncomingHandler;
  logger: Logger;
  locale: Locale;
  /** The try-out is on because duban listens on loopback: refuse other host names. */
  loopbackOnly: boolean;
  now?: () => Date;
  sessionTtlMs?: number;
}): PlatformAdapter & { app: Hono } {
  const now = options.now ?? (() => new Date());
  const notifier = createWebNotifier();
  const stopping = new AbortController();
  // Mounted in a plain app, so the server sees a `Hono` and not the routes' typed context.
  const app = new Hono().route(
    "/",
    createWebRoutes({ ...options, notifier, now, stopping: stopping.signal }),
  );
  return {
    platform: "web",
    app,
    gateway: new WebGateway({ prisma: options.prisma, notifier, now }),
    routes: app,
    start: () => setWebReachability(options.prisma, true),
    async stop() {
      stopping.abort();
    },
  };
}
