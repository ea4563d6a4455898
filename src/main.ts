import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { Hono } from "hono";
import { startAdminEndpoint } from "./admin/admin-endpoint.js";
import { type CampaignChanges, createCampaignChanges } from "./campaigns/campaign-changes.js";
import { listCampaigns } from "./campaigns/list-campaigns.js";
import type { Config } from "./config.js";
import { mountDashboard } from "./dashboard/mount-dashboard.js";
import { describeDatabaseTarget } from "./db/database-target.js";
import { type Database, openDatabase } from "./db/open-database.js";
import { createHealthRoutes } from "./http/health-routes.js";
import { startHttpServer } from "./http/http-server.js";
import { dashboardOpensLocally, publicUrlOf } from "./http/public-url.js";
import { createReadiness } from "./http/readiness.js";
import { DEFAULT_LOCALE, type Locale } from "./i18n/locales.js";
import type { Translate } from "./i18n/translate.js";
import type { Logger } from "./logger.js";
import { createPlatforms } from "./platforms/start-platforms.js";
import { loadExampleCampaign } from "./platforms/web/load-example-campaign.js";
import { createClock } from "./scheduling/clock.js";
import { startScheduler } from "./scheduling/start-scheduler.js";

/** A running duban: stop it to close the HTTP server and the database. */
export interface RunningDuban {
  database: Database;
  httpUrl: string;
  /** "Campaign changed": an import through the admin endpoint says so after it committed. */
  campaignChanges: CampaignChanges;
  /** Settles with the error if a platform stops receiving for good; the caller shuts down. */
  fatal: Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * The composition root: migrate and open the database, report what is loaded, start the
 * HTTP server (health and readiness, the platforms' webhooks), start the platforms and the
 * scheduler, and explain how to connect a platform when no token is configured.
 */
export async function startDuban(options: {
  config: Config;
  logger: Logger;
  translate: Translate;
  /** Human-facing lines (the console), separate from structured logs. */
  say: (line: string) => void;
  /** The command line's language: the try-out's example campaign and page. */
  locale?: Locale;
}): Promise<RunningDuban> {
  const { config, logger, translate: tr, say } = options;
  const startedAt = Date.now();
  const readiness = createReadiness();
  say(tr("cli.start.opening", { database: describeDatabaseTarget(config.database) }));
  const database = await openDatabase({
    target: config.database,
    onMigrated: (applied) => {
      if (applied.length > 0) {
        say(tr("cli.start.migrated", { count: applied.length, names: applied.join(", ") }));
      } else say(tr("cli.start.upToDate"));
    },
  });
  readiness.done("database");
  try {
    const clock = createClock(config.simulatedClock);
    let campaigns = await listCampaigns(database.prisma);
    // Try-out: an empty database gets the example campaign, so there is someone to be.
    if (campaigns.length === 0 && config.tryout) {
      const locale = options.locale ?? DEFAULT_LOCALE;
      const loaded = await loadExampleCampaign({
        prisma: database.prisma,
        locale,
        now: clock.now(),
      });
      say(tr("cli.start.exampleLoaded", loaded));
      campaigns = await listCampaigns(database.prisma);
    }
    if (campaigns.length === 0) say(tr("cli.start.noCampaigns"));
    for (const campaign of campaigns.filter((c) => !c.archived)) {
      const { key, title, year, tasks, members, metrics, milestones } = campaign;
      say(
        tr("cli.start.campaignLoaded", { key, title, year, tasks, members, metrics, milestones }),
      );
    }
    let reportFatal: (error: unknown) => void = () => {};
    const fatal = new Promise<unknown>((resolve) => {
      reportFatal = resolve;
    });
    // Known once the server listens (PORT=0 picks a port); links are made only after that.
    let publicUrl: string | undefined;
    const platforms = await createPlatforms({
      config,
      publicUrl: () => publicUrl,
      prisma: database.prisma,
      logger,
      onFatalError: (error) => reportFatal(error),
      now: clock.now,
      ...(options.locale ? { locale: options.locale } : {}),
    });
    const app = new Hono();
    app.route(
      "/",
      createHealthRoutes({
        checkDatabase: () => database.prisma.$queryRaw`SELECT 1`,
        readiness,
        startedAt,
      }),
    );
    for (const routes of platforms.routes) app.route("/", routes);
    // Without the try-out chat, whoever opens duban's address is most likely a leader: the
    // dashboard (its sign-in page when needed) rather than a bare 404.
    if (!config.tryout) app.get("/", (c) => c.redirect("/dashboard", 302));
    const pageLocale = options.locale ?? DEFAULT_LOCALE;
    const localViewer = dashboardOpensLocally(config.http);
    mountDashboard(app, {
      prisma: database.prisma,
      now: clock.now,
      locale: pageLocale,
      localViewer,
      publicUrlIsHttps: config.http.publicUrl?.startsWith("https:") ?? false,
    });
    const http = await startHttpServer({
      port: config.http.port,
      host: config.http.host,
      app,
      onError: (error) => logger.error({ err: error }, "http handler failed"),
    });
    say(tr("cli.start.http", { url: http.url }));
    publicUrl = publicUrlOf({
      ...(config.http.publicUrl ? { configured: config.http.publicUrl } : {}),
      listening: http.url,
      host: config.http.host,
      machineName: hostname(),
    });
    say(
      tr(localViewer ? "cli.start.dashboardLocal" : "cli.start.dashboardSignIn", {
        url: publicUrl,
      }),
    );
    if (config.tryout) say(tr("cli.start.tryout", { url: http.url }));
    else if (!config.telegram && !config.slack) say(tr("cli.start.noPlatforms"));
    try {
      await platforms.start();
      readiness.done("platforms");
    } catch (error: unknown) {
      await http.close();
      throw error;
    }
    const scheduler = startScheduler({
      prisma: database.prisma,
      logger,
      instanceId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      clock,
      onTick: (summary) => {
        if (summary.ran.length > 0) platforms.nudge();
      },
    });
    readiness.done("scheduler");
    const campaignChanges = createCampaignChanges();
    campaignChanges.subscribe((change) => {
      logger.info(change, "campaign changed");
      void platforms.campaignChanged().catch((error: unknown) => {
        logger.warn({ err: error }, "platforms not refreshed after a campaign change");
      });
    });
    // The embedded database is this process's alone: admin commands run through it.
    const admin =
      config.database.kind === "pglite" && !config.database.dataDir.startsWith("memory://")
        ? await startAdminEndpoint({
            dataDir: config.database.dataDir,
            database,
            config,
            changes: campaignChanges,
            nudge: () => platforms.nudge(),
            logger,
          })
        : undefined;
    if (config.telegram) say(tr("cli.start.platformConnected", { platform: "Telegram" }));
    if (config.slack) say(tr("cli.start.platformConnected", { platform: "Slack" }));
    logger.info({ ms: Date.now() - startedAt, url: http.url }, "ready");
    say(tr("cli.start.ready", { ms: Date.now() - startedAt }));
    return {
      database,
      httpUrl: http.url,
      campaignChanges,
      fatal,
      async stop() {
        readiness.stopping();
        await admin?.close();
        await scheduler.stop();
        await platforms.stop();
        await http.close();
        await database.close();
      },
    };
  } catch (error: unknown) {
    await database.close();
    throw error;
  }
}
