import { Bot } from "grammy";
import { describe, expect, it } from "vitest";
import { createTelegramWebhook } from "../../src/platforms/telegram/telegram-webhook.js";
import { captureLogs } from "../support/telegram-adapter-harness.js";

function webhookAt(url: string) {
  const bot = new Bot("123:abc", {
    botInfo: {
      id: 123,
      is_bot: true,
      first_name: "duban",
      username: "duban_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    },
  });
  return createTelegramWebhook({
    bot,
    url,
    secret: "s3cret",
    logger: captureLogs().logger,
    onError: () => undefined,
  });
}

describe("the Telegram webhook's path", () => {
  it.each([
    ["a segment that looks like a Hono parameter", "https://duban.example.org/:hook/in", "/x/in"],
    ["a percent-encoded one", "https://duban.example.org/电报/hook", "/x/hook"],
    ["a bot token in it", "https://duban.example.org/bot123:abc", "/bot123:other"],
  ])("is matched literally, %s", async (_, url, elsewhere) => {
    const { routes } = webhookAt(url);
    const path = new URL(url).pathname;
    const post = (to: string) => routes.request(to, { method: "POST", body: "{}" });

    // Served (and refused for want of the secret header) on its own path only.
    expect((await post(path)).status).toBe(401);
    expect((await routes.request(path)).status).toBe(405);
    expect((await post(elsewhere)).status).toBe(404);
    expect((await post(`${path}/more`)).status).toBe(404);
  });
});
