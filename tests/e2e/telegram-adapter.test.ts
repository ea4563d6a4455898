import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ButtonRows, type Reply, textMessage } from "../../src/core/reply.js";
import { DeliveryError } from "../../src/outbox/chat-gateway.js";
import { createTelegramBot, type TelegramBot } from "../../src/platforms/telegram/telegram-bot.js";
import { TelegramGateway } from "../../src/platforms/telegram/telegram-gateway.js";
import { startFakeBotApi } from "../support/fake-bot-api.js";
import { captureLogs, fakeCore } from "../support/telegram-adapter-harness.js";
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
