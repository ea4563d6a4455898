import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { CampaignRole } from "../commands/campaign-roles.js";
import { seesWholeCampaign } from "../commands/leader-access.js";
import { parseIsoWeekId, parseQuarterId } from "../domain/periods.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { DEFAULT_LOCALE, type Locale, normaliseLocale } from "../i18n/locales.js";
import { contentDisposition } from "../platforms/web/file-response.js";
import { renderDocx } from "../summaries/docx/render-docx.js";
import { campaignPageBody } from "./campaign-page-html.js";
import { dashboardRoles } from "./dashboard-access.js";
import { dashboardAsset } from "./dashboard-assets.js";
import { dashboardPage, messagePage } from "./dashboard-response.js";
import type { DashboardEnv } from "./dashboard-viewer.js";
import { dashboardSay } from "./dashboard-words.js";
import {
  loadCampaignDashboard,
  loadDigestHistory,
  loadIssuedDigest,
  previewCircular,
} from "./load-dashboard.js";
import {
  campaignListBody,
  circularPageBody,
  digestListBody,
  digestPageBody,
} from "./publication-pages-html.js";

const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** Options of {@link createDashboardRoutes}. */
export interface DashboardRoutesOptions {
  prisma: PrismaClient;
  /** Refuses the request itself, or sets `c.var.viewer`. */
  auth: MiddlewareHandler<DashboardEnv>;
  now: () => Date;
  /** The language of pages that belong to no campaign (the list, a refusal). */
  locale?: Locale;
}

type DashboardContext = Context<DashboardEnv>;

/**
 * The leaders' dashboard, all GET and read only: `/dashboard` (the viewer's campaigns, or
 * straight to the only one), `/dashboard/c/:campaignKey` (the campaign at a glance),
 * `…/circular/:quarter` (the circular as it compiles now) and `…/circular/:quarter.docx`
 * (its Word document), `…/digests` and `…/digests/:week` (the issued digests), and the
 * stylesheet under `/dashboard/assets/`. Every page is in the campaign's language, or the
 * one `?lang=` names. A member sees only campaigns they lead or administer, and within one
 * only the tasks their scope allows; the circular and the digests cover every task, so they
 * are for leaders of the whole campaign.
 */
export function createDashboardRoutes(options: DashboardRoutesOptions): Hono<DashboardEnv> {
  const { prisma, auth, now } = options;
  const app = new Hono<DashboardEnv>();
  const fallbackLocale = options.locale ?? DEFAULT_LOCALE;

  const chosenLocale = (c: DashboardContext) => normaliseLocale(c.req.query("lang"));
  const page = dashboardPage;
  const refusal = (c: DashboardContext, kind: "forbidden" | "notFound") =>
    messagePage(c, {
      locale: chosenLocale(c) ?? fallbackLocale,
      status: kind === "forbidden" ? 403 : 404,
      titleKey: `errors.${kind}Title`,
      textKey: `errors.${kind}`,
    });
  /** The viewer's role in the campaign the path names; a member never learns whether a
   * campaign they do not lead exists. */
  const roleFor = async (c: DashboardContext): Promise<CampaignRole | Response> => {
    const viewer = c.get("viewer");
    const roles = await dashboardRoles(prisma, viewer);
    const role = roles.find((each) => each.campaignKey === c.req.param("campaignKey"));
    if (role) return role;
    return refusal(c, viewer.kind === "local" ? "notFound" : "forbidden");
  };

  app.get("/dashboard/assets/:name", async (c) => {
    const css = await dashboardAsset(c.req.param("name"));
    if (css === undefined) return c.json({ error: "not_found" }, 404);
    return c.body(css, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "no-cache",
    });
  });

  app.get("/dashboard", auth, async (c) => {
    const roles = await dashboardRoles(prisma, c.get("viewer"));
    const chosen = chosenLocale(c);
    const [only] = roles;
    if (!only) return refusal(c, "forbidden");
    if (roles.length === 1) {
      return c.redirect(
        `/dashboard/c/${encodeURIComponent(only.campaignKey)}${chosen ? `?lang=${chosen}` : ""}`,
      );
    }
    const locale = chosen ?? fallbackLocale;
    const say = dashboardSay(locale);
    return page(c, {
      locale,
      title: say("campaigns.heading"),
      body: campaignListBody({
        campaigns: roles.map((role) => ({ key: role.campaignKey, title: role.campaignTitle })),
        say,
        chosen,
      }),
    });
  });

  app.get("/dashboard/c/:campaignKey", auth, async (c) => {
    const role = await roleFor(c);
    if (role instanceof Response) return role;
    const chosen = chosenLocale(c);
    const { model, campaignLocale } = await loadCampaignDashboard(prisma, {
      role,
      now: now(),
      ...(chosen ? { locale: chosen } : {}),
    });
    const locale = chosen ?? campaignLocale;
    return page(c, {
      locale,
      title: model.title,
      body: campaignPageBody(model, { say: dashboardSay(locale), locale, chosen }),
    });
  });

  app.get("/dashboard/c/:campaignKey/circular/:file", auth, async (c) => {
    const role = await roleFor(c);
    if (role instanceof Response) return role;
    const [, quarter = "", docx] = /^(\d{4}Q[1-4])(\.docx)?$/.exec(c.req.param("file")) ?? [];
    if (!parseQuarterId(quarter)) return refusal(c, "notFound");
    if (!seesWholeCampaign(role)) return refusal(c, "forbidden");
    const compiled = await previewCircular(prisma, { campaignId: role.campaignId, quarter });
    const locale = chosenLocale(c) ?? compiled.document.locale;
    const say = dashboardSay(locale);
    if (docx) {
      const bytes = await renderDocx(compiled.document);
      const fileName = `${role.campaignKey}-${quarter}-${say("circular.fileLabel")}.docx`;
      return c.body(new Uint8Array(bytes), 200, {
        "Content-Type": DOCX_MIME,
        "Content-Disposition": contentDisposition(fileName),
        "Cache-Control": "no-store",
      });
    }
    return page(c, {
      locale,
      title: say("circular.heading", { quarter }),
      body: circularPageBody({
        campaignKey: role.campaignKey,
        quarter,
        document: compiled.document,
        say,
        chosen: chosenLocale(c),
      }),
    });
  });

  app.get("/dashboard/c/:campaignKey/digests", auth, async (c) => {
    const role = await roleFor(c);
    if (role instanceof Response) return role;
    if (!seesWholeCampaign(role)) return refusal(c, "forbidden");
    const campaign = await prisma.campaign.findUniqueOrThrow({
      where: { id: role.campaignId },
      select: { timeZone: true, defaultLocale: true },
    });
    const chosen = chosenLocale(c);
    const locale = chosen ?? normaliseLocale(campaign.defaultLocale) ?? fallbackLocale;
    const say = dashboardSay(locale);
    const entries = await loadDigestHistory(prisma, {
      campaignId: role.campaignId,
      timeZone: campaign.timeZone,
    });
    return page(c, {
      locale,
      title: say("digests.heading"),
      body: digestListBody({ campaignKey: role.campaignKey, entries, say, chosen }),
    });
  });

  app.get("/dashboard/c/:campaignKey/digests/:week", auth, async (c) => {
    const role = await roleFor(c);
    if (role instanceof Response) return role;
    const week = c.req.param("week");
    if (!parseIsoWeekId(week)) return refusal(c, "notFound");
    if (!seesWholeCampaign(role)) return refusal(c, "forbidden");
    const digest = await loadIssuedDigest(prisma, { campaignId: role.campaignId, week });
    if (!digest) return refusal(c, "notFound");
    const chosen = chosenLocale(c);
    const locale = chosen ?? digest.document.locale;
    return page(c, {
      locale,
      title: digest.document.title,
      body: digestPageBody({
        campaignKey: role.campaignKey,
        document: digest.document,
        say: dashboardSay(locale),
        chosen,
      }),
    });
  });

  return app;
}
