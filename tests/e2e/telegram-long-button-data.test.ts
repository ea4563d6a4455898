import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Incoming } from "../../src/core/incoming.js";
import { type Reply, textMessage } from "../../src/core/reply.js";
import type { Database } from "../../src/db/open-database.js";
import { DeliveryError } from "../../src/outbox/chat-gateway.js";
import { createPrismaTelegramButtonStore } from "../../src/platforms/telegram/prisma-telegram-button-store.js";
import { createTelegramBot, type TelegramBot } from "../../src/platforms/telegram/telegram-bot.js";
import type { TelegramButtonStore } from "../../src/platforms/telegram/telegram-button-store.js";
import { TelegramGateway } from "../../src/platforms/telegram/telegram-gateway.js";
import { captureLogs } from "../support/telegram-adapter-harness.js";
import {
  type EmulatedUser,
  startTelegramEmulator,
  type TelegramEmulator,
} from "../support/telegram-emulator.js";
import { createTestDatabase } from "../support/test-database.js";

/** 300 characters of button data, far over Telegram's 64 bytes (as Slack-sized data can be). */
const LONG =
  `lc|0f8fad5b-d9cb-469f-a165-70867728950e|s|${"inspection-rectification/".repeat(12)}`.slice(
    0,
    300,
  );

describe("Telegram adapter: button data over 64 bytes, against the emulator", () => {
  let emulator: TelegramEmulator;
  let database: Database;
  let telegram: TelegramBot;
  let gateway: TelegramGateway;
  let alice: EmulatedUser;
  const choices: string[] = [];
  /** How many messages the bot had sent each time the store saved rows. */
  const sendsAtSave: number[] = [];

  /** The core's stand-in: `/pick` shows a long and a short button; a tap is echoed. */
  const handleIncoming = async (incoming: Incoming): Promise<void> => {
    const { content } = incoming;
    if (content.kind === "command" && content.name === "pick") {
      const buttons = [
        [
          { label: "Long", data: LONG },
          { label: "Short", data: "short:1" },
        ],
      ];
      await gateway.send(incoming.chat.id, {
        kind: "message",
        text: [{ text: "Pick one" }],
        buttons,
      });
    } else if (content.kind === "choice") {
      choices.push(content.data);
      await gateway.send(incoming.chat.id, textMessage(`Chose ${content.data.length} characters`));
    }
  };

  beforeAll(async () => {
    expect(LONG).toHaveLength(300);
    emulator = await startTelegramEmulator();
    database = await createTestDatabase();
    const prismaStore = createPrismaTelegramButtonStore(database.prisma);
    const buttonStore: TelegramButtonStore = {
      save: async (rows) => {
        sendsAtSave.push(emulator.calls("sendMessage").length);
        await prismaStore.save(rows);
      },
      resolve: (key) => prismaStore.resolve(key),
    };
    const { logger } = captureLogs();
    telegram = createTelegramBot({
      token: emulator.token,
      apiRoot: emulator.apiRoot,
      handleIncoming,
      logger,
      buttonStore,
    });
    gateway = new TelegramGateway({ api: telegram.bot.api, logger, buttonStore });
    await telegram.start();
    alice = emulator.user({ userId: 501, firstName: "Alice" });
  });

  afterAll(async () => {
    await telegram?.stop();
    await emulator?.stop();
    await database?.close();
  });

  it("sends the long data as a key, stored first, and the core gets all 300 characters back", async () => {
    await alice.command("pick");
    const question = await alice.waitForReply();
    const [long, short] = question.replyMarkup?.inline_keyboard.flat() ?? [];
    const sent = (button: typeof long) =>
      button && "callback_data" in button ? button.callback_data : undefined;
    // The emulator refuses callback_data over 64 bytes as Telegram does: it took these.
    expect(sent(long)).toMatch(/^~[A-Za-z0-9_-]{32}$/);
    expect(sent(short)).toBe("short:1");
    const rows = await database.prisma.telegramButtonData.findMany();
    expect(rows.map(({ key, data }) => ({ key, data }))).toEqual([{ key: sent(long), data: LONG }]);
    // Saved while the message was not sent yet: a tap can never come before its row.
    const sendsBefore = emulator.calls("sendMessage").length - 1;
    expect(sendsAtSave).toEqual([sendsBefore]);

    await alice.tap("Long");
    expect(await alice.waitForReply()).toMatchObject({ text: "Chose 300 characters" });
    expect(choices.at(-1)).toBe(LONG);
    await alice.waitForReply((message) => message.edited); // the keyboard taken off
  });

  it("passes a key the store no longer has to the core as it is, to answer as expired", async () => {
    await alice.command("pick");
    await alice.waitForReply((message) => message.text === "Pick one");
    await database.prisma.telegramButtonData.deleteMany();
    await alice.tap("Long");
    expect(await alice.waitForReply()).toMatchObject({ text: "Chose 33 characters" });
    expect(choices.at(-1)).toMatch(/^~[A-Za-z0-9_-]{32}$/);
    await alice.waitForReply((message) => message.edited);
  });

  it("refuses long data on a gateway without a store, rather than send a dead button", () => {
    const storeless = new TelegramGateway({ api: telegram.bot.api });
    const asked = (data: string): Reply => ({
      kind: "message",
      text: [{ text: "x" }],
      buttons: [[{ label: "button", data }]],
    });
    expect(() => storeless.renderParts(asked(LONG))).toThrow(DeliveryError);
    expect(() => storeless.renderParts(asked(LONG))).toThrow(/needs a button store/);
    expect(storeless.renderParts(asked("short:1"))).toHaveLength(1);
  });
});
