import type { MiddlewareHandler } from "hono";
import type { PrismaClient } from "../generated/prisma/client.js";
import { type Locale, normaliseLocale } from "../i18n/locales.js";
import { sessionCookieOf } from "./dashboard-cookie.js";
import { messagePage } from "./dashboard-response.js";
import { findDashboardSession } from "./dashboard-sign-in.js";
import type { DashboardEnv } from "./dashboard-viewer.js";
import { isLocalRequest } from "./local-request.js";

/** Options of {@link createDashboardAuth}. */
export interface DashboardAuthOptions {
  prisma: PrismaClient;
  now: () => Date;
  /** The language of the sign-in page (the reader may choose another with `?lang=`). */
  locale: Locale;
  /**
   * Whether this machine's own requests need no sign-in: true only while duban listens on
   * loopback and gives out no public address (behind a proxy every request looks local).
   */
  localViewer: boolean;
}

/**
 * Decides who views the dashboard: this machine's user (see `localViewer`), or the member of
 * a signed-in session (the cookie set by a one-time link from the bot's `/dashboard`).
 * Anyone else gets a 401 page that says how to sign in.
 */
export function createDashboardAuth(
  options: DashboardAuthOptions,
): MiddlewareHandler<DashboardEnv> {
  const { prisma, now } = options;
  return async (c, next) => {
    if (options.localViewer && isLocalRequest(c)) {
      c.set("viewer", { kind: "local" });
      return next();
    }
    const session = await findDashboardSession(prisma, { token: sessionCookieOf(c), now: now() });
    if (!session) {
      return messagePage(c, {
        locale: normaliseLocale(c.req.query("lang")) ?? options.locale,
        status: 401,
        titleKey: "signIn.neededTitle",
        textKey: "signIn.needed",
      });
    }
    c.set("viewer", {
      kind: "member",
      memberId: session.memberId,
      session: { id: session.sessionId, name: session.memberName },
    });
    return next();
  };
}
