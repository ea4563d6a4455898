import { type Context, Hono } from "hono";
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client.js";
import { type Locale, normaliseLocale } from "../i18n/locales.js";
import { refusalOf } from "../platforms/web/same-origin.js";
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from "./dashboard-cookie.js";
import { dashboardPage, messagePage } from "./dashboard-response.js";
import {
  DASHBOARD_SESSION_TTL_MS,
  endDashboardSession,
  findDashboardSession,
  inspectSignInLink,
  redeemSignInLink,
  SIGN_IN_LINK_TTL_MS,
} from "./dashboard-sign-in.js";
import type { DashboardEnv } from "./dashboard-viewer.js";
import { dashboardSay } from "./dashboard-words.js";
import { html } from "./html-text.js";

/** Options of {@link createDashboardSignInRoutes}. */
export interface DashboardSignInRoutesOptions {
  prisma: PrismaClient;
  now: () => Date;
  /** The pages' language when the reader chose none (`?lang=`). */
  locale: Locale;
  /** duban's public address is https: the cookie is Secure whatever the request says. */
  publicUrlIsHttps: boolean;
}

const ZSignInForm = z.object({ token: z.string().min(1).max(200) });

type SignInContext = Context<DashboardEnv>;

/**
 * Signing in to the dashboard with a one-time link from the bot's `/dashboard`:
 * `GET /dashboard/sign-in/:token` shows whom the link signs in, with a button, and spends
 * nothing (a chat or mail client fetching the link for a preview must not use it up);
 * `POST /dashboard/sign-in` uses the link once and sets the session cookie;
 * `POST /dashboard/sign-out` ends the session. Both POSTs must come from duban's own pages
 * (the same CSRF check as the try-out chat), and a link is refused once used or expired.
 */
export function createDashboardSignInRoutes(
  options: DashboardSignInRoutesOptions,
): Hono<DashboardEnv> {
  const { prisma, now } = options;
  const app = new Hono<DashboardEnv>();
  const localeOf = (c: SignInContext) => normaliseLocale(c.req.query("lang")) ?? options.locale;
  const linkRefused = (c: SignInContext, kind: "used" | "expired" | "unknown") =>
    messagePage(c, {
      locale: localeOf(c),
      status: 403,
      titleKey: "signIn.refusedTitle",
      textKey: `signIn.${kind}`,
      params: { minutes: SIGN_IN_LINK_TTL_MS / 60_000 },
    });
  /** A state-changing request from another site (CSRF) gets a 403 and changes nothing. */
  const crossSite = (c: SignInContext) =>
    refusalOf(c.req, { loopbackOnly: false })
      ? messagePage(c, {
          locale: localeOf(c),
          status: 403,
          titleKey: "signIn.refusedTitle",
          textKey: "signIn.crossSite",
        })
      : undefined;

  app.get("/dashboard/sign-in/:token", async (c) => {
    const state = await inspectSignInLink(prisma, { token: c.req.param("token"), now: now() });
    if (state.kind !== "usable") return linkRefused(c, state.kind);
    const locale = localeOf(c);
    const say = dashboardSay(locale);
    return dashboardPage(c, {
      locale,
      title: say("signIn.title"),
      body: html`<h1>${say("signIn.title")}</h1>
<p>${say("signIn.confirm", { name: state.memberName, hours: DASHBOARD_SESSION_TTL_MS / 3_600_000 })}</p>
<form class="sign-in" method="post" action="/dashboard/sign-in${c.req.query("lang") ? `?lang=${locale}` : ""}">
<input type="hidden" name="token" value="${c.req.param("token")}">
<button type="submit">${say("signIn.button")}</button>
</form>`,
    });
  });

  app.post("/dashboard/sign-in", async (c) => {
    const refused = crossSite(c);
    if (refused) return refused;
    const form = ZSignInForm.safeParse(await c.req.parseBody().catch(() => ({})));
    if (!form.success) return linkRefused(c, "unknown");
    const at = now();
    const result = await redeemSignInLink(prisma, { token: form.data.token, now: at });
    if (result.kind !== "signedIn") return linkRefused(c, result.kind);
    setSessionCookie(c, { ...result, now: at, publicUrlIsHttps: options.publicUrlIsHttps });
    const lang = normaliseLocale(c.req.query("lang"));
    return c.redirect(`/dashboard${lang ? `?lang=${lang}` : ""}`, 303);
  });

  app.post("/dashboard/sign-out", async (c) => {
    const refused = crossSite(c);
    if (refused) return refused;
    const session = await findDashboardSession(prisma, { token: sessionCookieOf(c), now: now() });
    if (session) await endDashboardSession(prisma, session.sessionId);
    clearSessionCookie(c, options.publicUrlIsHttps);
    return messagePage(c, {
      locale: localeOf(c),
      status: 200,
      titleKey: "signIn.signedOutTitle",
      textKey: "signIn.signedOut",
    });
  });

  return app;
}
