import type { Hono, MiddlewareHandler } from "hono";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Locale } from "../i18n/locales.js";
import { createDashboardRoutes } from "./dashboard-routes.js";
import type { DashboardEnv } from "./dashboard-viewer.js";

/**
 * Mounts the leaders' dashboard on the server's app, behind `auth` (which decides who the
 * viewer is). The composition root passes the loopback viewer until sign-in is wired in.
 */
export function mountDashboard(
  app: Hono,
  deps: {
    prisma: PrismaClient;
    auth: MiddlewareHandler<DashboardEnv>;
    now: () => Date;
    locale?: Locale;
  },
): void {
  app.route("/", createDashboardRoutes(deps));
}
