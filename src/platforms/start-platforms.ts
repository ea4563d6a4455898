import type { Hono } from "hono";
import { createIncomingHandler } from "../chat/handle-incoming.js";
import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales.js";
import type { Logger } from "../logger.js";
import { createAdvisoryLockElection } from "../outbox/advisory-lock-election.js";
import { type DispatcherElection, singleProcessElection } from "../outbox/dispatcher-election.js";
import { createOutboxDispatcher, type OutboxDispatcher } from "../outbox/outbox-dispatcher.js";
import type { PlatformAdapter } from "./platform-adapter.js";
import { createTelegramAdapter } from "./telegram/telegram-adapter.js";
import { createWebAdapter } from "./web/web-adapter.js";
import { setWebReachability } from "./web/web-reachability.js";

/** The configured chat platforms, the core they feed, and the outbox that answers. */
export interface RunningPlatforms {
  /** The adapters' sub-apps (webhooks), to mount with `app.route("/", routes)`. */
  routes: Hono[];
  names: string[];
  /** Sends what is due now (after the scheduler queued messages). */
  nudge(): void;
  /** Starts receiving (long polling, or registering the webhook). */
  start(): Promise<void>;
  /** An import changed a campaign: each started platform refreshes what depends on it. */
  campaignChanged(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Wires each configured platform the same way (`PlatformAdapter`): its adapter turns updates
 * into `Incoming` for the core,
 * the core queues replies in the outbox, and the dispatcher delivers them through the
 * platform's gateway. On a PostgreSQL server one instance per platform sends, elected by an
 * advisory lock (see README, "Outbox"); the embedded database has one process, which sends.
 * With no platform configured this is empty (local try-out mode).
 */
export async function createPlatforms(options: {
  config: Config;
  prisma: PrismaClient;
  logger: Logger;
  /** A platform stopped receiving for good (a revoked token, another instance polling). */
  onFatalError: (error: unknown) => void;
  /** The bot's clock (a simulated one in trials). */
  now?: () => Date;
  /** The language of the try-out page (the command line's). */
  locale?: Locale;
  /** duban's address as people reach it, once the HTTP server listens (dashboard links). */
  publicUrl?: () => string | undefined;
}): Promise<RunningPlatforms> {
  const { config, prisma, logger } = options;
  const now = options.now ?? (() => new Date());
  let dispatcher: OutboxDispatcher | undefined;
  const handleIncoming = createIncomingHandler({
    prisma,
    logger,
    now,
    onQueued: () => dispatcher?.nudge(),
    handoff: {
      takeClaim: (platform) => dispatcher?.takeClaim(platform),
      adopt: (platform, claim, rows) => dispatcher?.adopt(platform, claim, rows),
    },
    ...(options.publicUrl ? { links: { dashboardUrl: options.publicUrl } } : {}),
  });

  const adapters: PlatformAdapter[] = [];
  if (config.telegram) {
    const { token, apiRoot, webhookUrl, webhookSecret } = config.telegram;
    adapters.push(
      createTelegramAdapter({
        token,
        ...(apiRoot ? { apiRoot } : {}),
        ...(webhookUrl
          ? { webhook: { url: webhookUrl, ...(webhookSecret ? { secret: webhookSecret } : {}) } }
          : {}),
        handleIncoming,
        prisma,
        logger,
        onFatalError: options.onFatalError,
        now,
      }),
    );
  }
  if (config.slack) {
    // Bolt is loaded only when Slack is configured: about 0.3 s and 35 MB of every start.
    const { createSlackAdapter } = await import("./slack/slack-adapter.js");
    const { botToken, appToken, signingSecret, apiUrl } = config.slack;
    adapters.push(
      createSlackAdapter({
        botToken,
        ...(appToken ? { appToken } : {}),
        ...(signingSecret ? { signingSecret } : {}),
        ...(apiUrl ? { apiUrl } : {}),
        handleIncoming,
        prisma,
        logger,
        now,
      }),
    );
  }
  // The try-out chat (web), the third adapter: only in try-out mode (see `tryoutMode`).
  if (config.tryout) {
    adapters.push(
      createWebAdapter({
        prisma,
        handleIncoming,
        logger,
        locale: options.locale ?? DEFAULT_LOCALE,
        loopbackOnly: config.tryout.loopbackOnly,
        now,
      }),
    );
  }
  const gateways = adapters.map((adapter) => adapter.gateway);
  let election: DispatcherElection | undefined;
  if (gateways.length > 0) {
    election =
      config.database.kind === "postgres"
        ? createAdvisoryLockElection({ connectionString: config.database.url, logger })
        : singleProcessElection();
    dispatcher = createOutboxDispatcher({ prisma, gateways, logger, election, now });
  }

  const started: PlatformAdapter[] = [];
  return {
    routes: adapters.flatMap((adapter) => (adapter.routes ? [adapter.routes] : [])),
    names: adapters.map((adapter) => adapter.platform),
    nudge: () => dispatcher?.nudge(),
    async start() {
      // Nobody reads the web chat while the try-out is off: write to members elsewhere.
      if (!config.tryout) await setWebReachability(prisma, false);
      for (const adapter of adapters) {
        await adapter.start();
        started.push(adapter);
      }
      dispatcher?.nudge();
    },
    async campaignChanged() {
      await Promise.all(started.map((adapter) => adapter.campaignChanged?.()));
    },
    async stop() {
      for (const adapter of started.splice(0).reverse()) await adapter.stop();
      await dispatcher?.stop();
      await election?.close();
    },
  };
}
