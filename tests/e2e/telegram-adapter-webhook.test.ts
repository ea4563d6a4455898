import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer } from "../../src/http/http-server.js";
import { createTelegramBot, type TelegramBot } from "../../src/platforms/telegram/telegram-bot.js";
import { TelegramGateway } from "../../src/platforms/telegram/telegram-gateway.js";
import { captureLogs, fakeCore } from "../support/telegram-adapter-harness.js";
import { startTelegramEmulator, type TelegramEmulator } from "../support/telegram-emulator.js";

describe("Telegram adapter, webhook mode, against the emulator", () => {
  const secret = "s3cret-Token_1";
  let emulator: TelegramEmulator;
  let telegram: TelegramBot;
  let core: ReturnType<typeof fakeCore>;
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  let hookUrl: string;
  let routes: Hono | undefined;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    // The webhook's URL names the server's port, so the server starts first and hands
    // requests to the bot's routes once they exist.
    const app = new Hono();
    app.all("*", (c, next) => (routes ? routes.fetch(c.req.raw, c.env) : next()));
    server = await startHttpServer({ port: 0, host: "127.0.0.1", app, onError: () => undefined });
    hookUrl = `${server.url}/telegram/webhook`;
    let gateway: TelegramGateway | undefined;
    core = fakeCore(() => gateway as TelegramGateway, emulator);
    telegram = createTelegramBot({
      token: emulator.token,
      apiRoot: emulator.apiRoot,
      handleIncoming: core.handleIncoming,
      logger: captureLogs().logger,
      webhook: { url: hookUrl, secret },
    });
    gateway = new TelegramGateway({ api: telegram.bot.api });
    routes = telegram.webhookRoutes;
    await telegram.start();
  });

  afterAll(async () => {
    await telegram?.stop();
    await server?.close();
    await emulator?.stop();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(hookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
  const update = JSON.stringify({
    update_id: 999,
    message: {
      message_id: 1,
      date: 1,
      chat: { id: 700, type: "private" },
      from: { id: 700, is_bot: false, first_name: "M" },
      text: "forged",
    },
  });

  it("registers the webhook with its secret, one connection at a time", async () => {
    expect(emulator.calls("setWebhook").at(-1)?.params).toMatchObject({
      url: hookUrl,
      secret_token: secret,
      allowed_updates: ["message", "edited_message", "callback_query"],
      max_connections: 1,
    });
    expect(await telegram.bot.api.getWebhookInfo()).toMatchObject({ url: hookUrl });
  });

  it("refuses requests without the right secret header (401), never handling them", async () => {
    expect((await post(update)).status).toBe(401);
    expect((await post(update, { "x-telegram-bot-api-secret-token": "wrong" })).status).toBe(401);
    expect(core.seen).toEqual([]);
  });

  it("refuses a body that is not an update (400) or is over 1 MB (413), and other methods (405)", async () => {
    const withSecret = { "x-telegram-bot-api-secret-token": secret };
    expect((await post("{not json", withSecret)).status).toBe(400);
    expect((await post("[1,2]", withSecret)).status).toBe(400);
    const tooLarge = await post(`"${"x".repeat(1024 * 1024)}"`, withSecret);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ error: "body too large" });
    expect((await fetch(hookUrl)).status).toBe(405);
    expect((await fetch(`${server.url}/elsewhere`)).status).toBe(404);
    expect(core.seen).toEqual([]);
  });

  it("handles updates Telegram delivers with the secret", async () => {
    const frank = emulator.user({ userId: 602, firstName: "Frank" });
    await frank.send("via webhook");
    expect(await frank.waitForReply()).toMatchObject({ text: "<b>You said: </b>via webhook" });
    await frank.command("boom");
    await frank.send("next");
    expect(await frank.waitForReply()).toMatchObject({ text: "<b>You said: </b>next" });
    expect(emulator.calls("webhook delivery")).toEqual([]); // every delivery got a 2xx
    expect(core.seen.map((s) => s.content.kind)).toEqual(["text", "command", "text"]);
  });

  it("does not delete the webhook on stop, and refuses updates after it (503)", async () => {
    await telegram.stop();
    expect(emulator.calls("deleteWebhook")).toEqual([]);
    const answer = await post(update, { "x-telegram-bot-api-secret-token": secret });
    expect(answer.status).toBe(503);
  });
});
