import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from "@slack/bolt";
import type { DirectAnswer } from "../../core/direct-answer.js";
import type { Incoming, IncomingHandler } from "../../core/incoming.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Logger } from "../../logger.js";
import type { PlatformAdapter } from "../platform-adapter.js";
import { bindSlackMembersByEmail } from "./bind-by-email.js";
import { boltLogger } from "./bolt-logger.js";
import { createSlackEventsRoute, type SlackEventsRoute } from "./slack-events-route.js";
import { SlackGateway } from "./slack-gateway.js";
import { registerSlackListeners } from "./slack-listeners.js";
import { createSlackDeliveryClient, slackWebClientOptions } from "./slack-web-client.js";

/** Where Slack delivers events, slash commands and interactivity over HTTP. */
export const SLACK_EVENTS_PATH = "/slack/events";

/** How often members with an email but no Slack account are looked up again. */
const EMAIL_BINDING_INTERVAL_MS = 60 * 60 * 1000;

export interface SlackAdapterOptions {
  botToken: string;
  /** Socket Mode (`SLACK_APP_TOKEN`): no public URL needed. */
  appToken?: string;
  /** HTTP mode: Slack's requests are verified with it (`SLACK_SIGNING_SECRET`). */
  signingSecret?: string;
  /** The Web API root (`SLACK_API_URL`; a fake in tests). */
  apiUrl?: string;
  handleIncoming: IncomingHandler;
  prisma: PrismaClient;
  logger: Logger;
  now: () => Date;
}

/**
 * The Slack adapter on @slack/bolt. Inbound: Socket Mode when an app token is set, else
 * Bolt's HTTPReceiver behind duban's own HTTP server at `/slack/events` (events, slash
 * commands and interactivity on one path, each request's signature verified). Events are
 * acknowledged at once and handled after; a retried delivery carries the same event id and
 * is recognised by the core's record of handled updates. Outbound: `SlackGateway` for the
 * outbox (it fails fast on a rate limit, and the outbox waits the `Retry-After`), and
 * Bolt's own client for what must answer now (a modal, the App Home, an ephemeral reply),
 * which waits out a `Retry-After` itself.
 */
export function createSlackAdapter(options: SlackAdapterOptions): PlatformAdapter {
  const { logger, now } = options;
  const slackLogger = boltLogger(logger);
  const clientOptions = slackWebClientOptions({
    apiUrl: options.apiUrl,
    rateLimited: "wait",
    logger: slackLogger,
  });
  let receiver: Receiver;
  let eventsRoute: SlackEventsRoute | undefined;
  if (options.appToken) {
    receiver = new SocketModeReceiver({
      appToken: options.appToken,
      logger: slackLogger,
      // The socket's own WebClient calls apps.connections.open, so it needs SLACK_API_URL too.
      // A copy: SocketModeClient writes its retry settings into the object it is given.
      installerOptions: { clientOptions: { ...clientOptions } },
    });
  } else {
    if (!options.signingSecret) {
      throw new Error("SLACK_SIGNING_SECRET is needed for Slack over HTTP (or SLACK_APP_TOKEN)");
    }
    const http = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger: slackLogger,
      processBeforeResponse: false,
    });
    receiver = http;
    eventsRoute = createSlackEventsRoute({
      path: SLACK_EVENTS_PATH,
      receiver: http,
      logger,
    });
  }
  const app = new App({
    token: options.botToken,
    receiver,
    clientOptions,
    logger: slackLogger,
    deferInitialization: true,
  });
  const deliveryClient = createSlackDeliveryClient(options.botToken, {
    apiUrl: options.apiUrl,
  });
  const gateway = new SlackGateway({ client: deliveryClient, logger });
  let botUserId: string | undefined;
  let emailTimer: NodeJS.Timeout | undefined;
  let binding: Promise<void> | undefined;

  const handle = async (incoming: Incoming): Promise<DirectAnswer> => {
    logger.debug(
      { updateKey: incoming.updateKey, kind: incoming.content.kind, chat: incoming.chat.kind },
      "slack update",
    );
    return options.handleIncoming(incoming);
  };
  registerSlackListeners(app, { handle, logger, now, botUserId: () => botUserId });
  app.error(async (error) => {
    logger.error({ err: error }, "slack listener failed");
  });

  const bindByEmail = () => {
    binding = bindSlackMembersByEmail(options.prisma, {
      lookup: async (email) => {
        const found = await app.client.users.lookupByEmail({ email }).catch(() => undefined);
        return found?.user?.id;
      },
      logger,
    }).then(
      (result) => {
        if (result.bound.length > 0)
          logger.info({ bound: result.bound }, "slack members bound by email");
      },
      (error: unknown) => logger.warn({ err: error }, "slack binding by email failed"),
    );
  };

  return {
    platform: "slack",
    gateway,
    routes: eventsRoute?.routes,
    async start() {
      await app.init();
      const auth = await app.client.auth.test();
      botUserId = typeof auth.user_id === "string" ? auth.user_id : undefined;
      if (eventsRoute) eventsRoute.open();
      else await app.start();
      logger.info({ botUserId, mode: eventsRoute ? "http" : "socket" }, "slack started");
      bindByEmail();
      emailTimer = setInterval(bindByEmail, EMAIL_BINDING_INTERVAL_MS);
      emailTimer.unref();
    },
    async stop() {
      if (emailTimer) clearInterval(emailTimer);
      if (eventsRoute) await eventsRoute.close();
      else await app.stop().catch((error: unknown) => logger.debug({ err: error }, "slack stop"));
      await binding;
      logger.info("slack stopped");
    },
  };
}
