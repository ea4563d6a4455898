import http from "node:http";
import type { AddressInfo } from "node:net";
import { Api } from "grammy";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Incoming } from "../../src/core/incoming.js";
import { type ButtonRows, type Reply, rich, textMessage } from "../../src/core/reply.js";
import { type RouteHandler, startHttpServer } from "../../src/http/http-server.js";
import type { Logger } from "../../src/logger.js";
import { DeliveryError } from "../../src/outbox/chat-gateway.js";
import { createTelegramBot, type TelegramBot } from "../../src/platforms/telegram/telegram-bot.js";
import { TelegramGateway } from "../../src/platforms/telegram/telegram-gateway.js";
import {
  DEFAULT_GROUP_CHAT_ID,
  type EmulatedUser,
  startTelegramEmulator,
  type TelegramEmulator,
} from "../support/telegram-emulator.js";

/** A message with buttons under it. */
function asked(text: string, buttons: ButtonRows): Reply {
  return { kind: "message", text: [{ text }], buttons };
}

/** A pino logger that keeps every line, to check what the adapter logs (and never logs). */
function captureLogs(): {
  logger: Logger;
  entries: () => Record<string, unknown>[];
  raw: () => string;
} {
  const lines: string[] = [];
  const logger = pino({ level: "trace" }, { write: (line: string) => void lines.push(line) });
  return {
    logger,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    raw: () => lines.join(""),
  };
}

/**
 * Stands in for the core and the outbox: records each Incoming and answers through a real
 * TelegramGateway, as the dispatcher would.
 */
function fakeCore(gateway: () => TelegramGateway, emulator: TelegramEmulator) {
  const seen: Incoming[] = [];
  const answersBeforeChoice: number[] = [];
  let active = 0;
  let maxActive = 0;
  const send = (incoming: Incoming, reply: Reply) => gateway().send(incoming.chat.id, reply);
  const handleIncoming = async (incoming: Incoming): Promise<void> => {
    seen.push(incoming);
    active += 1;
    maxActive = Math.max(maxActive, active);
    try {
      await new Promise((resolve) => setTimeout(resolve, 2)); // let overlaps show
      const content = incoming.content;
      switch (content.kind) {
        case "text":
          await send(incoming, {
            kind: "message",
            text: [rich.bold("You said: "), rich.plain(content.text)],
          });
          return;
        case "choice":
          answersBeforeChoice.push(emulator.calls("answerCallbackQuery").length);
          await send(incoming, textMessage(`Chose ${content.data}`));
          return;
        case "unsupported":
          await send(incoming, textMessage(`Cannot read ${content.what}`));
          return;
        case "command":
          if (content.name === "boom") throw new Error("handler exploded");
          if (content.name === "long") {
            await send(incoming, textMessage("x".repeat(4000), "y".repeat(998)));
            return;
          }
          if (content.name === "report") {
            const buttons = [
              [
                { label: "Yes", data: "track:yes" },
                { label: "No", data: "track:no" },
              ],
            ];
            await send(incoming, { kind: "message", text: [rich.plain("On track?")], buttons });
            return;
          }
          await send(incoming, {
            kind: "message",
            text: [rich.code(`/${content.name}`), rich.plain(` [${content.args}]`)],
          });
      }
    } finally {
      active -= 1;
    }
  };
  return { seen, answersBeforeChoice, handleIncoming, maxActive: () => maxActive };
}

describe("Telegram adapter, long polling, against the emulator", () => {
  let emulator: TelegramEmulator;
  let telegram: TelegramBot;
  let gateway: TelegramGateway;
  let core: ReturnType<typeof fakeCore>;
  let logs: ReturnType<typeof captureLogs>;
  let alice: EmulatedUser;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    logs = captureLogs();
    core = fakeCore(() => gateway, emulator);
    telegram = createTelegramBot({
      token: emulator.token,
      apiRoot: emulator.apiRoot,
      handleIncoming: core.handleIncoming,
      logger: logs.logger,
    });
    gateway = new TelegramGateway({ api: telegram.bot.api, logger: logs.logger });
    await telegram.start();
    alice = emulator.user({ userId: 501, firstName: "Alice" });
  });

  afterAll(async () => {
    await telegram?.stop();
    await emulator?.stop();
  });

  it("round-trips text in HTML, escaping what the user wrote", async () => {
    await alice.send(`<script>&"x"`);
    expect(await alice.waitForReply()).toMatchObject({
      text: `<b>You said: </b>&lt;script&gt;&amp;"x"`,
      parseMode: "HTML",
    });
    expect(core.seen.at(-1)).toMatchObject({
      platform: "telegram",
      user: { externalId: "501", displayName: "Alice" },
      chat: { id: "501", kind: "private" },
      content: { kind: "text", text: `<script>&"x"` },
    });
  });

  it("round-trips a command with its arguments", async () => {
    await alice.command("start", "INVITE-42");
    expect(await alice.waitForReply()).toMatchObject({ text: "<code>/start</code> [INVITE-42]" });
    expect(core.seen.at(-1)?.content).toEqual({
      kind: "command",
      name: "start",
      args: "INVITE-42",
    });
  });

  it("answers a callback query before handling it, then removes the tapped keyboard", async () => {
    await alice.command("report");
    const question = await alice.waitForReply();
    expect(question.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["Yes", "No"]);
    const answeredBefore = emulator.calls("answerCallbackQuery").length;
    await alice.tap("Yes");
    expect(await alice.waitForReply()).toMatchObject({ text: "Chose track:yes", edited: false });
    const edit = await alice.waitForReply((m) => m.edited);
    expect(edit).toMatchObject({ messageId: question.messageId, text: "On track?" });
    expect(edit.replyMarkup).toBeUndefined();
    expect(core.seen.at(-1)).toMatchObject({
      content: { kind: "choice", data: "track:yes" },
      chat: { id: "501", kind: "private" },
    });
    // Not checked: the user. telegram-test-api's makeCallbackQuery deep-merges the tapped
    // message into an object it shares with the query's `from`, so the query arrives "from"
    // the bot itself (the unit tests check that the tapping user is used).
    expect(core.answersBeforeChoice.at(-1)).toBe(answeredBefore + 1);
    const answer = emulator.calls("answerCallbackQuery").at(-1);
    expect(answer?.ok).toBe(true);
    expect(answer?.params).not.toHaveProperty("text");
    await expect(alice.tap("No")).rejects.toThrow(/No inline button "No"/);
  });

  it("turns a sticker into unsupported", async () => {
    await alice.sendSticker({ emoji: "🎉" });
    expect(await alice.waitForReply()).toMatchObject({ text: "Cannot read sticker" });
    expect(core.seen.at(-1)?.content).toEqual({ kind: "unsupported", what: "sticker" });
  });

  it("marks group messages as group, and ignores commands for another bot", async () => {
    const carol = emulator.user({ userId: 503, chatType: "group" });
    await carol.command("report@OtherBot");
    await carol.command("status@TestNameBot", "2022Q2");
    expect(await carol.waitForReply()).toMatchObject({ text: "<code>/status</code> [2022Q2]" });
    expect(core.seen.at(-1)).toMatchObject({
      user: { externalId: "503" },
      chat: { id: String(DEFAULT_GROUP_CHAT_ID), kind: "group" },
    });
    expect(core.seen.filter((incoming) => incoming.user.externalId === "503")).toHaveLength(1);
  });

  it("sends a 5,000-character reply as 2 messages, in order", async () => {
    await alice.command("long");
    const first = await alice.waitForReply();
    const second = await alice.waitForReply();
    expect([first.text, second.text]).toEqual(["x".repeat(4000), "y".repeat(998)]);
    expect(second.messageId).toBeGreaterThan(first.messageId);
  });

  it("keeps running although setMyCommands fails (the emulator answers 500)", async () => {
    await vi.waitFor(() => expect(emulator.calls("setMyCommands")).toHaveLength(2));
    const [zh, en] = emulator.calls("setMyCommands");
    expect(zh?.ok).toBe(false);
    expect(zh?.params).toMatchObject({ scope: { type: "all_private_chats" } });
    expect(JSON.stringify(zh?.params.commands)).toContain("开始或继续本周填报");
    expect(en?.params).toMatchObject({ language_code: "en" });
    expect(logs.entries().filter((e) => e.msg === "telegram setMyCommands failed")).toHaveLength(2);
    await alice.send("still there?");
    expect(await alice.waitForReply()).toMatchObject({ text: "<b>You said: </b>still there?" });
  });

  it("logs a handler error with its update id, and handles the next update", async () => {
    await alice.command("boom", "secret-argument");
    await alice.send("after the boom");
    expect(await alice.waitForReply()).toMatchObject({ text: "<b>You said: </b>after the boom" });
    const failure = logs.entries().find((e) => e.msg === "telegram update failed");
    expect(failure).toMatchObject({
      level: 50,
      errorKind: "handler",
      err: { message: "handler exploded" },
    });
    expect(typeof failure?.updateId).toBe("number");
  });

  it("handles updates one at a time, in the order they were sent", async () => {
    const before = core.seen.length;
    for (let i = 0; i < 5; i++) await alice.send(`n${i}`);
    for (let i = 0; i < 5; i++) await alice.waitForReply((m) => m.text.endsWith(`n${i}`));
    const texts = core.seen
      .slice(before)
      .map((s) => (s.content.kind === "text" ? s.content.text : ""));
    expect(texts).toEqual(["n0", "n1", "n2", "n3", "n4"]);
    expect(core.maxActive()).toBe(1);
  });

  it("fails a send to a blocked user or an unknown chat with a DeliveryError that is not retryable", async () => {
    const bob = emulator.user({ userId: 502 });
    bob.block();
    const blocked = await gateway.send("502", textMessage("hi")).catch((error: unknown) => error);
    expect(blocked).toBeInstanceOf(DeliveryError);
    expect(blocked).toMatchObject({ retryable: false, message: expect.stringContaining("403") });
    const unknown = await gateway.send("999", textMessage("hi")).catch((error: unknown) => error);
    expect(unknown).toMatchObject({
      retryable: false,
      message: expect.stringContaining("chat not found"),
    });
    const tooLong = asked("x", [[{ label: "x", data: "d".repeat(65) }]]);
    await expect(gateway.send("501", tooLong)).rejects.toMatchObject({ retryable: false });
    await expect(gateway.send("@alice", textMessage("x"))).rejects.toMatchObject({
      retryable: false,
    });
  });

  it("never logs message texts or the token", () => {
    const raw = logs.raw();
    for (const secret of [
      "still there?",
      "after the boom",
      "secret-argument",
      "<script>",
      emulator.token,
    ]) {
      expect(raw).not.toContain(secret);
    }
  });

  it("stops: the polling loop ends and no update is handled after", async () => {
    const started = Date.now();
    await telegram.stop();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(telegram.bot.isRunning()).toBe(false);
    const count = core.seen.length;
    await alice.send("while stopped");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(core.seen).toHaveLength(count);
    await telegram.start(); // the queued update is handled after a restart
    expect(await alice.waitForReply()).toMatchObject({ text: "<b>You said: </b>while stopped" });
  });
});

describe("Telegram adapter start-up", () => {
  it("rejects start() when Telegram refuses the token", async () => {
    const emulator = await startTelegramEmulator();
    const telegram = createTelegramBot({
      token: "999:wrong-token",
      apiRoot: emulator.apiRoot,
      handleIncoming: async () => {},
      logger: captureLogs().logger,
    });
    await expect(telegram.start()).rejects.toMatchObject({ error_code: 401 });
    await telegram.stop();
    await emulator.stop();
  });

  it("keeps trying while Telegram is unreachable, and stop() ends the attempt", async () => {
    const offline = await startFakeBotApi({});
    await offline.close(); // nothing listens there any more
    const telegram = createTelegramBot({
      token: "42:offline-token",
      apiRoot: offline.apiRoot,
      handleIncoming: async () => {},
      logger: captureLogs().logger,
    });
    let settled = false;
    const starting = telegram.start().finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    const stopped = Date.now();
    await telegram.stop();
    await expect(starting).resolves.toBeUndefined();
    expect(Date.now() - stopped).toBeLessThan(2000);
  });
});

describe("Telegram adapter, webhook mode, against the emulator", () => {
  const secret = "s3cret-Token_1";
  let emulator: TelegramEmulator;
  let telegram: TelegramBot;
  let core: ReturnType<typeof fakeCore>;
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  let hookUrl: string;
  let route: RouteHandler | undefined;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      handlers: [async (request, response) => (route ? route(request, response) : false)],
      onError: () => undefined,
    });
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
    route = telegram.webhookHandler;
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
      allowed_updates: ["message", "callback_query"],
      max_connections: 1,
    });
    expect(await telegram.bot.api.getWebhookInfo()).toMatchObject({ url: hookUrl });
  });

  it("refuses requests without the right secret header (401), never handling them", async () => {
    expect((await post(update)).status).toBe(401);
    expect((await post(update, { "x-telegram-bot-api-secret-token": "wrong" })).status).toBe(401);
    expect(core.seen).toEqual([]);
  });

  it("refuses a body that is not an update (400) and other methods (405)", async () => {
    const withSecret = { "x-telegram-bot-api-secret-token": secret };
    expect((await post("{not json", withSecret)).status).toBe(400);
    expect((await post("[1,2]", withSecret)).status).toBe(400);
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

/** A loopback Bot API that answers each call with the next scripted answer for its method. */
async function startFakeBotApi(script: Record<string, { status: number; body: object }[]>) {
  const calls: { method: string; body: string }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const method = request.url?.split("/").at(-1) ?? "";
      calls.push({ method, body: Buffer.concat(chunks).toString("utf8") });
      const answer = script[method]?.shift() ?? {
        status: 200,
        body: {
          ok: true,
          result: { message_id: calls.length, date: 1, chat: { id: 1, type: "private" } },
        },
      };
      response
        .writeHead(answer.status, { "content-type": "application/json" })
        .end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("TelegramGateway against a fake Bot API", () => {
  const token = "42:fake-gateway-token-abcdefghijklmnop";
  const fail = (status: number, description: string, parameters?: object) => ({
    status,
    body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
  });

  it("maps 429 to retryable after retry_after, past the adapter's own short retries", async () => {
    const api = await startFakeBotApi({
      sendMessage: [fail(429, "Too Many Requests: retry after 30", { retry_after: 30 })],
    });
    const telegram = createTelegramBot({
      token,
      apiRoot: api.apiRoot,
      handleIncoming: async () => {},
      logger: captureLogs().logger,
    });
    const gateway = new TelegramGateway({ api: telegram.bot.api });
    await expect(gateway.send("1", textMessage("hi"))).rejects.toMatchObject({
      retryable: true,
      options: { retryAfterMs: 30_000 },
    });
    await api.close();
  });

  it("maps 5xx and network failures to retryable, without the token in the message", async () => {
    const api = await startFakeBotApi({ sendMessage: [fail(502, "Bad Gateway")] });
    const gateway = new TelegramGateway({ api: new Api(token, { apiRoot: api.apiRoot }) });
    await expect(gateway.send("1", textMessage("hi"))).rejects.toMatchObject({ retryable: true });
    await api.close();
    const offline = new TelegramGateway({ api: new Api(token, { apiRoot: api.apiRoot }) });
    const error = await offline.send("1", textMessage("hi")).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: true, message: expect.stringContaining("network") });
    expect((error as Error).message).not.toContain("fake-gateway-token");
  });

  it("resumes a split reply where it failed instead of sending its first part again", async () => {
    const api = await startFakeBotApi({
      sendMessage: [
        {
          status: 200,
          body: { ok: true, result: { message_id: 10, date: 1, chat: { id: 1, type: "private" } } },
        },
        fail(500, "Internal"),
      ],
    });
    const gateway = new TelegramGateway({ api: new Api(token, { apiRoot: api.apiRoot }) });
    const long = textMessage("a".repeat(4000), "b".repeat(4000));
    await expect(gateway.send("1", long)).rejects.toMatchObject({ retryable: true });
    expect(await gateway.send("1", long)).toEqual({ messageId: "3" });
    const sent = api.calls.map((call) => JSON.parse(call.body).text.slice(0, 1));
    expect(sent).toEqual(["a", "b", "b"]);
    await api.close();
  });

  it("follows a group upgraded to a supergroup", async () => {
    const api = await startFakeBotApi({
      sendMessage: [
        fail(400, "Bad Request: group chat was upgraded to a supergroup chat", {
          migrate_to_chat_id: -100777,
        }),
      ],
    });
    const gateway = new TelegramGateway({ api: new Api(token, { apiRoot: api.apiRoot }) });
    expect(await gateway.send("-1001", textMessage("digest"))).toEqual({ messageId: "2" });
    expect(api.calls.map((call) => JSON.parse(call.body).chat_id)).toEqual([-1001, -100777]);
    await api.close();
  });

  it("uploads a file reply with sendDocument and its HTML caption", async () => {
    const api = await startFakeBotApi({});
    const gateway = new TelegramGateway({ api: new Api(token, { apiRoot: api.apiRoot }) });
    const file: Reply = {
      kind: "file",
      fileName: "circular-2022Q2.md",
      mimeType: "text/markdown",
      base64: Buffer.from("# 通报").toString("base64"),
      caption: [rich.bold("2022Q2 <draft>")],
    };
    expect(await gateway.send("1", file)).toEqual({ messageId: "1" });
    const [call] = api.calls;
    expect(call?.method).toBe("sendDocument");
    expect(call?.body).toContain("filename=circular-2022Q2.md");
    expect(call?.body).toContain("# 通报");
    expect(call?.body).toContain("<b>2022Q2 &lt;draft&gt;</b>");
    await api.close();
  });
});
