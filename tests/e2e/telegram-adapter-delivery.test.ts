import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { type Reply, rich, textMessage } from "../../src/core/reply.js";
import { createTelegramBot } from "../../src/platforms/telegram/telegram-bot.js";
import { TelegramGateway } from "../../src/platforms/telegram/telegram-gateway.js";
import { startFakeBotApi } from "../support/fake-bot-api.js";
import { captureLogs } from "../support/telegram-adapter-harness.js";

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

  it("splits a long reply into parts and sends one part per call, so the outbox can resume after any", async () => {
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
    const parts = gateway.renderParts(textMessage("a".repeat(4000), "b".repeat(4000)));
    expect(parts.map((part) => part.method)).toEqual(["sendMessage", "sendMessage"]);
    const [first, second] = parts;
    if (!first || !second) throw new Error("expected two parts");
    expect(await gateway.sendPart("1", first)).toEqual({ messageId: "10" });
    await expect(gateway.sendPart("1", second)).rejects.toMatchObject({ kind: "retryable" });
    expect(await gateway.sendPart("1", second)).toEqual({ messageId: "3" });
    const sent = api.calls.map((call) => JSON.parse(call.body).text.slice(0, 1));
    expect(sent).toEqual(["a", "b", "b"]);
    await api.close();
  });

  it("tells the outbox what a refusal means: 403 unreachable, other 4xx permanent", async () => {
    const api = await startFakeBotApi({
      sendMessage: [
        fail(403, "Forbidden: bot was blocked by the user"),
        fail(403, "Forbidden: bot can't initiate conversation with a user"),
        fail(400, "Bad Request: chat not found"),
        fail(401, "Unauthorized"),
      ],
    });
    const gateway = new TelegramGateway({ api: new Api(token, { apiRoot: api.apiRoot }) });
    const kinds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const error = await gateway.send("1", textMessage("hi")).catch((e: unknown) => e);
      kinds.push((error as { kind?: string }).kind ?? "none");
    }
    expect(kinds).toEqual(["unreachable", "unreachable", "permanent", "permanent"]);
    await expect(gateway.send("@alice", textMessage("x"))).rejects.toMatchObject({
      kind: "permanent",
    });
    expect(() => gateway.renderParts(textMessage(""))).toThrow(/cannot render/);
    await api.close();
  });

  it("declares Telegram's limits, adjustable for a benchmark against a fake", () => {
    const api = new Api(token);
    const defaults = new TelegramGateway({ api }).limits;
    expect(defaults.perSecond).toBe(30);
    expect(defaults.chatRate("501")).toEqual({ intervalMs: 1000, burst: 3 });
    expect(defaults.chatRate("-1001234567890")).toEqual({ intervalMs: 3000, burst: 1 });
    expect(new TelegramGateway({ api, limits: { perSecond: 300 } }).limits.perSecond).toBe(300);
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
