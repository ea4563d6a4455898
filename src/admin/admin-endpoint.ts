import { randomBytes, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { CampaignChanges } from "../campaigns/campaign-changes.js";
import type { Config } from "../config.js";
import type { Database } from "../db/open-database.js";
import { startHttpServer } from "../http/http-server.js";
import { DEFAULT_LOCALE, normaliseLocale } from "../i18n/locales.js";
import { translatorFor } from "../i18n/translate.js";
import type { Logger } from "../logger.js";
import { removeAdminEndpoint, writeAdminEndpoint } from "./admin-endpoint-file.js";
import {
  ADMIN_BODY_LIMIT,
  ADMIN_RUN_PATH,
  type AdminEndpoint,
  type AdminRefusal,
  ZAdminRequest,
} from "./admin-protocol.js";
import { runAdminCommand } from "./run-admin-command.js";

/** The running admin endpoint: close it before the database. */
export interface RunningAdminEndpoint {
  readonly endpoint: AdminEndpoint;
  close(): Promise<void>;
}

/** Does the `Authorization` header carry exactly this token (compared in constant time)? */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith("Bearer ") ? header.slice(7) : "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The admin endpoint's routes, for a token; `run` runs a validated request. */
export function createAdminRoutes(options: {
  token: string;
  run: (request: z.infer<typeof ZAdminRequest>) => Promise<unknown>;
}): Hono {
  const app = new Hono();
  const refuse = (
    locale: string | undefined,
    error: AdminRefusal["error"],
    params: Record<string, string> = {},
  ): AdminRefusal => ({
    error,
    message: translatorFor(normaliseLocale(locale) ?? DEFAULT_LOCALE)(
      `cli.admin.refusal.${error}`,
      params,
    ),
  });
  app.post(
    ADMIN_RUN_PATH,
    bodyLimit({
      maxSize: ADMIN_BODY_LIMIT,
      onError: (c) =>
        c.json(refuse(c.req.header("accept-language"), "bad_request", { issues: "size" }), 413),
    }),
    async (c) => {
      const locale = c.req.header("accept-language");
      if (!tokenMatches(c.req.header("authorization"), options.token)) {
        return c.json(refuse(locale, "unauthorized"), 401);
      }
      const body: unknown = await c.req.json().catch(() => undefined);
      const parsed = ZAdminRequest.safeParse(body);
      if (!parsed.success) {
        return c.json(
          refuse(locale, "bad_request", { issues: z.prettifyError(parsed.error) }),
          400,
        );
      }
      return c.json(await options.run(parsed.data));
    },
  );
  return app;
}

/**
 * Serves the admin endpoint of a running duban on the embedded database: HTTP on
 * 127.0.0.1 at a free port, each request carrying the random token that the endpoint file
 * beside the data directory's lock holds (mode 0600, so only this user's processes can
 * read it). `duban campaign import` and the other data commands find it there and run
 * through this process instead of opening the data directory a second time.
 */
export async function startAdminEndpoint(options: {
  dataDir: string;
  database: Database;
  config: Config;
  changes: CampaignChanges;
  nudge: () => void;
  logger: Logger;
}): Promise<RunningAdminEndpoint> {
  const { dataDir, logger } = options;
  const token = randomBytes(32).toString("base64url");
  const running = new Set<Promise<unknown>>();
  const app = createAdminRoutes({
    token,
    run: (request) => {
      logger.info({ argv: request.argv }, "admin command");
      const run = runAdminCommand({ ...options, request }).finally(() => running.delete(run));
      running.add(run);
      return run;
    },
  });
  const http = await startHttpServer({
    port: 0,
    host: "127.0.0.1",
    app,
    onError: (error) => logger.error({ err: error }, "admin command failed"),
  });
  const endpoint: AdminEndpoint = { pid: process.pid, url: http.url, token };
  writeAdminEndpoint(dataDir, endpoint);
  return {
    endpoint,
    async close() {
      removeAdminEndpoint(dataDir, endpoint);
      // A command under way finishes on the database before it closes.
      await Promise.allSettled([...running]);
      await http.close();
    },
  };
}
