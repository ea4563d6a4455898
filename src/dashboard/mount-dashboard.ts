import type { Hono } from "hono";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Locale } from "../i18n/locales.js";
import { createDashboardAuth } from "./dashboard-auth.js";
import { createDashboardRoutes } from "./dashboard-routes.js";
import { createDashboardSignInRoutes } from "./dashboard-sign-in-routes.js";

/**
 * Mounts the leaders' dashboard on the server's app: its pages behind sign-in (or this
 * machine's user, see `localViewer`), and the sign-in and sign-out routes.
 */
export function mountDashboard(
  app: Hono,
  deps: {
    prisma: PrismaClient;
    now: () => Date;
    locale: Locale;
    /** This machine's own requests need no sign-in (duban listens on loopback only). */
    localViewer: boolean;
    /** duban's public address is https: session cookies are always Secure. */
    publicUrlIsHttps: boolean;
  },
): void {
  const { prisma, now, locale } = deps;
  app.route(
    "/",
    createDashboardSignInRoutes({ prisma, now, locale, publicUrlIsHttps: deps.publicUrlIsHttps }),
  );
  const auth = createDashboardAuth({ prisma, now, locale, localViewer: deps.localViewer });
  app.route("/", createDashboardRoutes({ prisma, now, locale, auth }));
}
