/**
 * End-to-end harness for the Telegram adapter: the Bot API emulator `telegram-test-api`
 * (4.2.1) behind a small loopback "front door" that makes it behave like Telegram where our
 * tests depend on it, plus typed users that play the human through the emulator's client.
 *
 * ```ts
 * const telegram = await startTelegramEmulator();
 * const bot = new Bot(telegram.token, { client: { apiRoot: telegram.apiRoot } });
 * const alice = telegram.user({ userId: 501, firstName: "Alice" });
 * await alice.command("start");
 * const reply = await alice.waitForReply();
 * await alice.tap("Yes");
 * ```
 *
 * What the emulator itself does (read from its source, checked against grammY 1.46):
 * - Bot side: getMe (always `{ id: 666, username: "TestNameBot" }`, no `is_bot`), getUpdates,
 *   sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery (a no-op),
 *   deleteMessage, setWebhook, deleteWebhook. Every other method (setMyCommands,
 *   sendChatAction, sendDocument, getWebhookInfo…) answers HTTP 500 with `{ message }`, not
 *   the Bot API's `{ ok, error_code, description }`: grammY throws a `GrammyError` whose
 *   `error_code` and `description` are `undefined`. auto-retry does not retry it (it only
 *   retries `error_code >= 500`), so such calls fail fast; catch them.
 * - getUpdates is NOT long polling: it ignores `timeout`, `offset`, `limit` and
 *   `allowed_updates`, answers at once and marks what it returned as read. grammY's polling
 *   loop then spins: ~500 getUpdates/s and ~95 % of a CPU core while idle (measured), which
 *   starves an in-process bot and database. There is no option for it; the front door below
 *   implements real long polling instead.
 * - Client side (`getClient(token, options)`): `sendMessage`, `sendCommand` (adds one
 *   `bot_command` entity), `sendCallback`; their bodies are stored verbatim, so any message
 *   field (sticker, photo, caption…) passes through: that is how `sendSticker`/`sendPhoto`
 *   inject raw updates. Defaults: user id 1, chat id 1 (not the user id), type private. The
 *   client's own `getUpdates` polls every `interval` (100 ms) and throws after `timeout`
 *   (1000 ms); this harness reads the bot's messages in process instead.
 * - Ids: one global `message_id` counter for every chat, shared by user and bot messages;
 *   `update_id` grows by one per user update and per bot message (so it has gaps); callback
 *   query ids are "1", "2"…; bot messages carry `date` in milliseconds.
 * - Bugs: `port: 0` means 9000, so a free port is looked up first; stored messages are purged
 *   after `storeTimeout` (60 s by default; raised here); edits overwrite the stored message,
 *   keep the old keyboard when the edit has none, answer `result: null`, and never fail;
 *   callback queries have no `chat_instance` and carry only the `message` the client sent
 *   (without `message_id`, `ctx.editMessageText` fails — `tap` sends the real one); updates
 *   leak a `botToken` field; nothing checks text length, HTML, callback data or chat ids; in
 *   webhook mode a failing delivery is an unhandled rejection and no secret header is sent.
 *
 * What the front door (`apiRoot`) adds, the way Telegram does it:
 * - Long polling: getUpdates waits up to `timeout` seconds and answers as soon as a user
 *   update arrives; updates stay queued until confirmed by `offset` (a bot that stops without
 *   confirming gets them again), `limit` is honoured, a second concurrent getUpdates gets
 *   409, and getUpdates while a webhook is set gets 409. Round trip (user message → bot reply
 *   recorded), measured: ~5 ms on an idle machine, half of it the emulator client's own HTTP
 *   send (axios, no keep-alive); 8-30 ms with the 2 cores loaded; idle CPU ~1 %, not ~95 %.
 * - Webhooks: setWebhook points the emulator at a relay that posts each update to your URL
 *   with `X-Telegram-Bot-Api-Secret-Token`; a failed delivery is recorded in `calls()`, not
 *   retried. Webhook replies (a method in the HTTP response) are ignored. getWebhookInfo works.
 * - Edits answer the edited Message; 400 "message to edit not found" and "message is not
 *   modified" as Telegram does; an edit without `reply_markup` removes the keyboard.
 * - getMe answers `{ id: <token prefix>, is_bot: true, username: "TestNameBot" }`.
 * - Strict mode (default): a wrong token gets 401; sendMessage to a chat no `user()` opened
 *   gets 400 "chat not found", to a user who `block()`ed the bot 403; text is checked like
 *   Telegram: non-empty, ≤ 4096 UTF-16 units after HTML parsing, HTML limited to Telegram's
 *   tags and balanced ("can't parse entities"), inline buttons need a text and an action, and
 *   `callback_data` must be 1-64 bytes of UTF-8 (`BUTTON_DATA_INVALID`). MarkdownV2 is not
 *   checked. Files (sendDocument, sendPhoto…) still fail: use a fake Bot API for those.
 */
import { EventEmitter } from "node:events";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import net from "node:net";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";

type Params = Record<string, unknown>;
interface StoredBotMessage {
  botToken: string;
  messageId: number;
  message: Params & { chat_id: number | string };
}
interface EmulatorClient {
  makeMessage(text: string, options?: Params): Params;
  makeCommand(text: string, options?: Params): Params;
  makeCallbackQuery(data: string, options?: Params): Params;
  sendMessage(body: Params): Promise<unknown>;
  sendCommand(body: Params): Promise<unknown>;
  sendCallback(body: Params): Promise<unknown>;
}
/** The declarations of `telegram-test-api` we use (its own types import a missing `typegram`). */
interface EmulatorServer {
  config: { apiURL: string };
  storage: { botMessages: StoredBotMessage[] };
  start(): Promise<void>;
  stop(): Promise<boolean>;
  getClient(token: string, options: Params): EmulatorClient;
  getUpdates(token: string): Params[];
  setWebhook(webhook: { url: string }, token: string): void;
  deleteWebhook(token: string): void;
  on(event: string, listener: () => void): unknown;
}
const TelegramServer = createRequire(import.meta.url)("telegram-test-api") as new (config: {
  port: number;
  host: string;
  storeTimeout: number;
}) => EmulatorServer;

const HOST = "127.0.0.1";
const RELAY_PATH = "/__webhook-relay";
const POLL_INTERVAL_MS = 10;
const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
const WEBHOOK_ACTIVE =
  "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const OTHER_POLL =
  "terminated by other getUpdates request; make sure that only one bot instance is running";
/** The chat id a `chatType: "group"` user gets unless told otherwise; shared by such users. */
export const DEFAULT_GROUP_CHAT_ID = -1_000_001;

export interface StartTelegramEmulatorOptions {
  /** The bot token; its numeric prefix becomes the bot's id. */
  token?: string;
  /** Check chats, tokens, text, HTML and buttons like Telegram (default true). */
  strict?: boolean;
}

/** A bot message as the user sees it; an edit is a new entry with the message's new state. */
export interface BotMessage {
  readonly messageId: number;
  readonly chatId: number;
  readonly text: string;
  readonly parseMode: string | undefined;
  readonly replyMarkup: InlineKeyboardMarkup | undefined;
  readonly edited: boolean;
}

/** One Bot API call the bot made (getUpdates excluded), with the answer it got. */
export interface BotApiCall {
  readonly method: string;
  readonly params: Readonly<Params>;
  readonly ok: boolean;
  readonly errorCode: number | undefined;
  readonly description: string | undefined;
}

export interface EmulatedUserOptions {
  userId: number;
  firstName?: string;
  chatType?: "private" | "group";
  /** Private chats: the user id (the default; anything else is refused). Groups: negative. */
  chatId?: number;
}

export interface EmulatedUser {
  readonly userId: number;
  readonly chatId: number;
  send(text: string): Promise<void>;
  /** Sends `/name args` with its `bot_command` entity. */
  command(name: string, args?: string): Promise<void>;
  /** Presses the inline button with this text or callback data, newest message first. */
  tap(buttonTextOrData: string): Promise<void>;
  sendSticker(options?: { fileId?: string; emoji?: string }): Promise<void>;
  sendPhoto(options?: { fileId?: string; caption?: string }): Promise<void>;
  /** The user blocks the bot: from now on sending to this chat fails with 403. */
  block(): void;
  /**
   * The next bot message or edit in this chat not yet returned to this user that matches the
   * predicate; entries it skips count as seen. Fails after `timeoutMs` (default 5000) listing
   * what the bot sent and which calls failed.
   */
  waitForReply(
    predicate?: (message: BotMessage) => boolean,
    timeoutMs?: number,
  ): Promise<BotMessage>;
  /** Every bot message and edit in this chat so far, oldest first. */
  replies(): BotMessage[];
  /** The inline keyboard of the bot's latest message in this chat, if it has one. */
  lastKeyboard(): InlineKeyboardButton[][] | undefined;
}

export interface TelegramEmulator {
  /** Give this to grammY as `client.apiRoot` (and to the product as `TELEGRAM_API_ROOT`). */
  readonly apiRoot: string;
  readonly token: string;
  user(options: EmulatedUserOptions): EmulatedUser;
  /** The bot's API calls so far, optionally of one method. */
  calls(method?: string): BotApiCall[];
  stop(): Promise<void>;
}

interface ChatInfo {
  chat: Params;
  blocked: boolean;
}
interface Answer {
  status: number;
  body: Params;
}

const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
const fail = (code: number, description: string): Answer => ({
  status: code,
  body: { ok: false, error_code: code, description },
});
const isRecord = (value: unknown): value is Params =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const keyboardOf = (markup: unknown): InlineKeyboardMarkup | undefined =>
  isRecord(markup) && Array.isArray(markup.inline_keyboard)
    ? (markup as unknown as InlineKeyboardMarkup)
    : undefined;

/** Starts the emulator and its front door on free loopback ports. */
export async function startTelegramEmulator(
  options: StartTelegramEmulatorOptions = {},
): Promise<TelegramEmulator> {
  const token = options.token ?? "123456789:duban-emulator-token";
  const strict = options.strict ?? true;
  const server = await startEmulatorServer();
  const botUser = {
    id: Number(token.split(":")[0]) || 666,
    is_bot: true,
    first_name: "Test First name",
    username: "TestNameBot",
  };
  const signals = new EventEmitter().setMaxListeners(0);
  const chats = new Map<number, ChatInfo>();
  const timeline: BotMessage[] = [];
  const current = new Map<number, BotMessage>(); // by message id (global in the emulator)
  const log: BotApiCall[] = [];
  let queue: Params[] = [];
  let pendingPoll: ServerResponse | undefined;
  let webhook: { url: string; secret: string | undefined } | undefined;
  let stopping = false;
  for (const event of ["AddedUserMessage", "AddedUserCommand", "AddedUserCallbackQuery"]) {
    server.on(event, () => signals.emit("update"));
  }

  function pullUpdates(): void {
    for (const update of server.getUpdates(token)) queue.push(cleanUpdate(update));
  }

  function recordMessage(message: BotMessage): BotMessage {
    timeline.push(message);
    current.set(message.messageId, message);
    signals.emit("reply");
    return message;
  }

  function asTelegramMessage(message: BotMessage): Params {
    return {
      message_id: message.messageId,
      date: Math.floor(Date.now() / 1000),
      chat: chats.get(message.chatId)?.chat ?? { id: message.chatId, type: "private" },
      from: botUser,
      text: message.text,
      ...(message.replyMarkup ? { reply_markup: message.replyMarkup } : {}),
    };
  }

  async function forward(
    path: string,
    contentType: string,
    body: Buffer | string,
  ): Promise<Answer> {
    const response = await fetch(`${server.config.apiURL}${path}`, {
      method: "POST",
      headers: { "content-type": contentType },
      body,
    });
    const parsed: unknown = JSON.parse(await response.text());
    const answer = isRecord(parsed) ? parsed : {};
    return { status: response.status, body: answer };
  }

  const forwardJson = (method: string, params: Params): Promise<Answer> =>
    forward(`/bot${token}/${method}`, "application/json", JSON.stringify(params));

  function checkOutgoing(params: Params, text: string | undefined): Answer | undefined {
    if (!strict) return undefined;
    const chat = chats.get(Number(params.chat_id));
    if (!chat) return fail(400, "Bad Request: chat not found");
    if (chat.blocked) return fail(403, "Forbidden: bot was blocked by the user");
    const problem =
      (text === undefined ? undefined : checkText(text, str(params.parse_mode))) ??
      checkKeyboard(params.reply_markup);
    return problem === undefined ? undefined : fail(400, `Bad Request: ${problem}`);
  }

  async function sendMessage(params: Params): Promise<Answer> {
    const text = str(params.text) ?? "";
    const refused = checkOutgoing(params, text);
    if (refused) return refused;
    const answer = await forwardJson("sendMessage", params);
    const result = answer.body.result;
    if (answer.body.ok !== true || !isRecord(result)) return answer;
    const message = recordMessage({
      messageId: Number(result.message_id),
      chatId: Number(params.chat_id),
      text,
      parseMode: str(params.parse_mode),
      replyMarkup: keyboardOf(params.reply_markup),
      edited: false,
    });
    return ok(asTelegramMessage(message));
  }

  async function edit(method: string, params: Params): Promise<Answer> {
    const old = current.get(Number(params.message_id));
    if (!old || old.chatId !== Number(params.chat_id)) {
      return fail(400, "Bad Request: message to edit not found");
    }
    const isText = method === "editMessageText";
    const next: BotMessage = {
      ...old,
      text: isText ? (str(params.text) ?? "") : old.text,
      parseMode: isText ? str(params.parse_mode) : old.parseMode,
      replyMarkup: keyboardOf(params.reply_markup),
      edited: true,
    };
    const refused = checkOutgoing(params, isText ? next.text : undefined);
    if (refused) return refused;
    const same = JSON.stringify({ ...old, edited: true }) === JSON.stringify(next);
    if (same) {
      return fail(400, `Bad Request: ${NOT_MODIFIED}`);
    }
    const answer = await forwardJson(method, params);
    if (answer.body.ok !== true) return answer;
    const stored = server.storage.botMessages.find((m) => m.messageId === old.messageId);
    if (stored) {
      stored.message.reply_markup = next.replyMarkup;
      stored.message.parse_mode = next.parseMode;
    }
    return ok(asTelegramMessage(recordMessage(next)));
  }

  async function answerCall(
    method: string,
    params: Params,
    raw: { type: string; body: Buffer },
  ): Promise<Answer> {
    switch (method) {
      case "getMe":
        return ok(botUser);
      case "sendMessage":
        return sendMessage(params);
      case "editMessageText":
      case "editMessageReplyMarkup":
        return edit(method, params);
      case "setWebhook": {
        const url = str(params.url);
        if (!url)
          return fail(400, "Bad Request: bad webhook: an HTTPS URL must be provided for webhook");
        webhook = { url, secret: str(params.secret_token) };
        server.setWebhook({ url: `http://${HOST}:${frontDoorPort}${RELAY_PATH}` }, token);
        if (params.drop_pending_updates === true) dropPending();
        return ok(true);
      }
      case "deleteWebhook":
        webhook = undefined;
        server.deleteWebhook(token);
        if (params.drop_pending_updates === true) dropPending();
        return ok(true);
      case "getWebhookInfo":
        return ok({
          url: webhook?.url ?? "",
          has_custom_certificate: false,
          pending_update_count: queue.length,
        });
      case "deleteMessage": {
        const answer = await forwardJson(method, params);
        if (answer.body.ok === true) current.delete(Number(params.message_id));
        return answer;
      }
      default:
        return forward(`/bot${token}/${method}`, raw.type, raw.body);
    }
  }

  function dropPending(): void {
    pullUpdates();
    queue = [];
  }

  async function longPoll(params: Params, response: ServerResponse): Promise<void> {
    if (webhook) {
      return reply(response, fail(409, `Conflict: ${WEBHOOK_ACTIVE}`));
    }
    if (pendingPoll && !pendingPoll.writableEnded) {
      reply(pendingPoll, fail(409, `Conflict: ${OTHER_POLL}`));
    }
    pendingPoll = response;
    response.once("close", () => signals.emit("update"));
    const offset = Number(params.offset ?? 0);
    if (offset > 0) queue = queue.filter((update) => Number(update.update_id) >= offset);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100) || 100));
    const deadline = Date.now() + Math.max(0, Number(params.timeout ?? 0)) * 1000;
    while (!stopping && !response.writableEnded && !response.destroyed) {
      pullUpdates();
      if (queue.length > 0 || Date.now() >= deadline) break;
      await waitFor(signals, "update", deadline - Date.now());
    }
    if (pendingPoll === response) pendingPoll = undefined;
    reply(response, ok(queue.slice(0, limit)));
  }

  async function relayWebhook(body: Buffer, response: ServerResponse): Promise<void> {
    const target = webhook;
    if (target) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (target.secret) headers["x-telegram-bot-api-secret-token"] = target.secret;
      const update: unknown = JSON.parse(body.toString("utf8"));
      const payload = JSON.stringify(isRecord(update) ? cleanUpdate(update) : update);
      const failed = await fetch(target.url, { method: "POST", headers, body: payload }).then(
        (answer) => (answer.ok ? undefined : `HTTP ${answer.status}`),
        (error: unknown) => String(error),
      );
      if (failed) {
        log.push({
          method: "webhook delivery",
          params: { url: target.url },
          ok: false,
          errorCode: undefined,
          description: failed,
        });
      }
    }
    reply(response, ok(true)); // never fail the emulator: it would reject unhandled
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", `http://${HOST}`);
    const body = await readBody(request);
    if (url.pathname === RELAY_PATH) return relayWebhook(body, response);
    const [, callToken, method] = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname) ?? [];
    if (!callToken || !method) return reply(response, fail(404, "Not Found"));
    if (strict && callToken !== token) return reply(response, fail(401, "Unauthorized"));
    const type = request.headers["content-type"] ?? "application/json";
    let params: Params;
    try {
      params = parseParams(type, body, url.searchParams);
    } catch {
      return reply(response, fail(400, "Bad Request: can't parse request parameters"));
    }
    if (method === "getUpdates") return longPoll(params, response);
    const answer = await answerCall(method, params, { type, body });
    const errorCode = answer.body.error_code;
    log.push({
      method,
      params,
      ok: answer.body.ok === true,
      errorCode: typeof errorCode === "number" ? errorCode : undefined,
      description: str(answer.body.description) ?? str(answer.body.message),
    });
    reply(response, answer);
  }

  const frontDoor = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      reply(response, {
        status: 502,
        body: { ok: false, description: `front door: ${String(error)}` },
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    frontDoor.once("error", reject).listen(0, HOST, resolve);
  });
  const frontDoorPort = (frontDoor.address() as net.AddressInfo).port;

  function report(chatId: number, seen: number): string {
    const lines = timeline
      .map((message, index) => ({ message, index }))
      .filter(({ message }) => message.chatId === chatId)
      .map(({ message, index }) => `  ${index < seen ? " " : "»"} ${describeMessage(message)}`);
    const failures = log
      .filter((call) => !call.ok)
      .map((call) => `  ${call.method}: ${call.description ?? "(no description)"}`);
    return [
      `Bot messages to chat ${chatId} (» = not yet returned):${lines.length === 0 ? " none" : ""}`,
      ...lines,
      `Failed bot API calls:${failures.length === 0 ? " none" : ""}`,
      ...failures,
      `Last calls: ${
        log
          .slice(-8)
          .map((call) => call.method)
          .join(", ") || "none"
      }`,
    ].join("\n");
  }

  function user(userOptions: EmulatedUserOptions): EmulatedUser {
    const { userId, firstName = `User${userId}`, chatType = "private" } = userOptions;
    const chatId = userOptions.chatId ?? (chatType === "private" ? userId : DEFAULT_GROUP_CHAT_ID);
    if (chatType === "private" && chatId !== userId) {
      throw new Error(`A private chat's id is the user's id (${userId}), not ${chatId}`);
    }
    const chat =
      chatType === "private"
        ? { id: chatId, type: "private", first_name: firstName, username: `user${userId}` }
        : { id: chatId, type: "group", title: `Group ${chatId}` };
    const info = chats.get(chatId) ?? { chat, blocked: false };
    chats.set(chatId, info);
    const client = server.getClient(token, {
      userId,
      chatId,
      firstName,
      userName: `user${userId}`,
      type: chatType,
      chatTitle: chatType === "group" ? `Group ${chatId}` : firstName,
    });
    let cursor = timeline.length;
    const post = async (body: Params): Promise<void> => {
      await client.sendMessage(body);
    };
    const withoutText = (caption?: string): Params => {
      const { text: _text, ...body } = client.makeMessage("");
      return caption === undefined ? body : { ...body, caption };
    };
    const inChat = (): BotMessage[] => timeline.filter((message) => message.chatId === chatId);
    const latest = (): BotMessage[] =>
      [...current.values()]
        .filter((m) => m.chatId === chatId)
        .sort((a, b) => b.messageId - a.messageId);

    return {
      userId,
      chatId,
      send: (text) => post(client.makeMessage(text)),
      async command(name, args) {
        await client.sendCommand(client.makeCommand(`/${name}${args ? ` ${args}` : ""}`));
      },
      async tap(label) {
        for (const message of latest()) {
          const button = message.replyMarkup?.inline_keyboard
            .flat()
            .find((b) => b.text === label || ("callback_data" in b && b.callback_data === label));
          if (!button) continue;
          if (!("callback_data" in button))
            throw new Error(`Button "${button.text}" has no callback data`);
          const telegramMessage = { ...asTelegramMessage(message), chat: info.chat };
          await client.sendCallback(
            // The emulator merges the message into an object it shares with `from`: without an
            // explicit `from` the tap would come from the bot itself.
            client.makeCallbackQuery(button.callback_data, {
              message: telegramMessage,
              from: { id: userId, is_bot: false, first_name: firstName, username: `user${userId}` },
            }),
          );
          return;
        }
        throw new Error(
          `No inline button "${label}" in chat ${chatId}.\n${report(chatId, cursor)}`,
        );
      },
      sendSticker: ({ fileId = "sticker-1", emoji = "👍" } = {}) =>
        post({
          ...withoutText(),
          sticker: {
            ...file(fileId, 512, 512),
            type: "regular",
            is_animated: false,
            is_video: false,
            emoji,
          },
        }),
      sendPhoto: ({ fileId = "photo-1", caption } = {}) =>
        post({ ...withoutText(caption), photo: [file(fileId, 320, 240)] }),
      block() {
        info.blocked = true;
      },
      async waitForReply(predicate = () => true, timeoutMs = 5000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          while (cursor < timeline.length) {
            const message = timeline[cursor++];
            if (message && message.chatId === chatId && predicate(message)) return message;
          }
          const remaining = deadline - Date.now();
          if (remaining <= 0) {
            throw new Error(
              `No matching bot reply to chat ${chatId} within ${timeoutMs} ms.\n${report(chatId, cursor)}`,
            );
          }
          await waitFor(signals, "reply", Math.min(remaining, POLL_INTERVAL_MS));
        }
      },
      replies: inChat,
      lastKeyboard: () => latest()[0]?.replyMarkup?.inline_keyboard,
    };
  }

  return {
    apiRoot: `http://${HOST}:${frontDoorPort}`,
    token,
    user,
    calls: (method) => log.filter((call) => method === undefined || call.method === method),
    async stop() {
      stopping = true;
      signals.emit("update");
      await new Promise<void>((resolve) => {
        frontDoor.close(() => resolve());
        frontDoor.closeAllConnections();
      });
      await server.stop();
    },
  };
}

async function startEmulatorServer(): Promise<EmulatorServer> {
  for (let attempt = 1; ; attempt++) {
    // Stored messages older than storeTimeout seconds are purged: keep them for a day.
    const server = new TelegramServer({ port: await freePort(), host: HOST, storeTimeout: 86_400 });
    try {
      await server.start();
      return server;
    } catch (error: unknown) {
      if (attempt >= 5) throw error; // the port was taken between the lookup and the start
    }
  }
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject).listen(0, HOST, resolve);
  });
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function file(fileId: string, width: number, height: number): Params {
  return { file_id: fileId, file_unique_id: `${fileId}-u`, width, height, file_size: 1024 };
}

function waitFor(emitter: EventEmitter, event: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      emitter.off(event, done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    emitter.once(event, done);
  });
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

function reply(response: ServerResponse, answer: Answer): void {
  if (response.writableEnded || response.destroyed) return;
  response.writeHead(answer.status, { "content-type": "application/json" });
  response.end(JSON.stringify(answer.body));
}

function parseParams(type: string, body: Buffer, query: URLSearchParams): Params {
  const params: Params = Object.fromEntries(query);
  if (type.includes("application/json") && body.length > 0) {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (isRecord(parsed)) Object.assign(params, parsed);
  } else if (type.includes("application/x-www-form-urlencoded")) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
  }
  if (typeof params.reply_markup === "string")
    params.reply_markup = JSON.parse(params.reply_markup);
  return params;
}

function describeMessage(message: BotMessage): string {
  const buttons = message.replyMarkup?.inline_keyboard.flat().map((b) => b.text);
  const text = message.text.length > 160 ? `${message.text.slice(0, 160)}…` : message.text;
  return `#${message.messageId}${message.edited ? " (edited)" : ""} ${JSON.stringify(text)}${buttons ? ` [${buttons.join(" | ")}]` : ""}`;
}

const HTML_TAGS = new Set(
  "b strong i em u ins s strike del span tg-spoiler a code pre blockquote tg-emoji".split(" "),
);
const HTML_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** Telegram's checks on a message text; returns the problem, as Telegram words it. */
function checkText(text: string, parseMode: string | undefined): string | undefined {
  let plain = text;
  if (parseMode?.toUpperCase() === "HTML") {
    const parsed = parseHtml(text);
    if (parsed.error) return `can't parse entities: ${parsed.error}`;
    plain = parsed.plain;
  }
  if (plain.trim() === "") return "message text is empty";
  if (plain.length > 4096) return "message is too long";
  return undefined;
}

function parseHtml(html: string): { plain: string; error?: string } {
  const open: string[] = [];
  let plain = "";
  for (let i = 0; i < html.length; ) {
    const rest = html.slice(i, i + 12);
    const entity = /^&(lt|gt|amp|quot|#\d+|#x[\da-f]+);/i.exec(rest);
    if (html[i] === "<") {
      const end = html.indexOf(">", i);
      if (end < 0) return { plain, error: `Unclosed start tag at offset ${i}` };
      const tag = html.slice(i + 1, end);
      const name = /^\/?\s*([\w-]*)/.exec(tag)?.[1]?.toLowerCase() ?? "";
      if (tag.startsWith("/")) {
        const expected = open.pop();
        if (expected !== name)
          return {
            plain,
            error: `Unmatched end tag at offset ${i}, expected "</${expected ?? ""}>", found "</${name}>"`,
          };
      } else if (!HTML_TAGS.has(name)) {
        return { plain, error: `Unsupported start tag "${name}" at offset ${i}` };
      } else if (name === "span" && !/class\s*=\s*"?tg-spoiler/.test(tag)) {
        return { plain, error: `Tag "span" must have class "tg-spoiler" at offset ${i}` };
      } else {
        open.push(name);
      }
      i = end + 1;
    } else if (entity?.[1] && decodeEntity(entity[1]) !== undefined) {
      plain += decodeEntity(entity[1]);
      i += entity[0].length;
    } else {
      plain += html[i];
      i += 1;
    }
  }
  const unclosed = open.at(-1);
  return unclosed
    ? { plain, error: `Can't find end tag corresponding to start tag "${unclosed}"` }
    : { plain };
}

function decodeEntity(code: string): string | undefined {
  const named = HTML_ENTITIES[code.toLowerCase()];
  if (named !== undefined) return named;
  const hex = code[1]?.toLowerCase() === "x";
  const point = Number.parseInt(code.slice(hex ? 2 : 1), hex ? 16 : 10);
  return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : undefined;
}

/** Removes the emulator's `botToken` leak and adds the `chat_instance` it leaves out. */
function cleanUpdate(update: Params): Params {
  const query = update.callback_query;
  if (isRecord(query)) {
    const chat = isRecord(query.message) ? query.message.chat : undefined;
    const chatInstance = String(isRecord(chat) ? chat.id : "");
    return { ...update, callback_query: { chat_instance: chatInstance, ...query } };
  }
  if (!isRecord(update.message)) return update;
  const { botToken: _leak, ...message } = update.message;
  return { ...update, message };
}

function checkKeyboard(markup: unknown): string | undefined {
  if (markup === undefined || !isRecord(markup) || !("inline_keyboard" in markup)) return undefined;
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray))
    return 'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays';
  for (const button of rows.flat() as unknown[]) {
    if (!isRecord(button) || typeof button.text !== "string" || button.text === "")
      return "can't parse inline keyboard button: Text must be non-empty";
    const data = button.callback_data;
    if (
      data !== undefined &&
      (typeof data !== "string" || Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64)
    )
      return "BUTTON_DATA_INVALID";
    if (Object.keys(button).length < 2)
      return "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard";
  }
  return undefined;
}
