import type { Hono } from "hono";
import type { Platform } from "../core/incoming.js";
import type { ChatGateway } from "../outbox/chat-gateway.js";

/**
 * One chat platform as duban runs it (Bolt's `Receiver` idea): the inbound half turns the
 * platform's updates into `Incoming` for the core, `gateway` is the outbound half the outbox
 * delivers through, `routes` is what it serves on duban's HTTP server (a webhook, Slack's
 * `/slack/events`): a Hono sub-app that duban mounts with `app.route("/", adapter.routes)`,
 * absent when it serves nothing (long polling, Socket Mode). `start` begins receiving
 * (polling, a socket, registering a webhook); `stop` stops receiving and waits for the update
 * in hand.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  readonly gateway: ChatGateway;
  readonly routes?: Hono;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * A campaign was imported while running: refresh what the platform shows that depends on
   * who leads (Telegram's per-chat command menus). Failures are the adapter's to log.
   */
  campaignChanged?(): Promise<void>;
}
