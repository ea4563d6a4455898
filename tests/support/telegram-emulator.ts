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
 *   starves an in-process bot and database. There is no option for it; the front door implements real long
 *   polling instead.
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
 *   checked.
 * - sendDocument (multipart/form-data, as grammY uploads an `InputFile`): the file is kept on
 *   the bot message (`document`), its caption checked against 1,024 characters. Other files
 *   (sendPhoto…) still fail: use a fake Bot API for those.
 *
 * The parts, in `telegram-emulator/`: `emulator-server.ts` (starting `telegram-test-api`, fixing
 * its updates), `front-door.ts` (the proxy: polling, webhooks, the call log),
 * `outgoing-messages.ts` (sends and edits), `telegram-rules.ts` (what Telegram refuses),
 * `emulator-state.ts` (chats, bot messages, calls), `emulated-user.ts`, `bot-api.ts` (the wire
 * format) and `free-port.ts`.
 */
import {
  createEmulatedUser,
  type EmulatedUser,
  type EmulatedUserOptions,
} from "./telegram-emulator/emulated-user.js";
import { startEmulatorServer } from "./telegram-emulator/emulator-server.js";
import { type BotApiCall, createEmulatorState } from "./telegram-emulator/emulator-state.js";
import { startFrontDoor } from "./telegram-emulator/front-door.js";

export {
  DEFAULT_GROUP_CHAT_ID,
  type EmulatedUser,
  type EmulatedUserOptions,
} from "./telegram-emulator/emulated-user.js";
export type { BotApiCall, BotMessage } from "./telegram-emulator/emulator-state.js";

export interface StartTelegramEmulatorOptions {
  /** The bot token; its numeric prefix becomes the bot's id. */
  token?: string;
  /** Check chats, tokens, text, HTML and buttons like Telegram (default true). */
  strict?: boolean;
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

/** Starts the emulator and its front door on free loopback ports. */
export async function startTelegramEmulator(
  options: StartTelegramEmulatorOptions = {},
): Promise<TelegramEmulator> {
  const token = options.token ?? "123456789:duban-emulator-token";
  const strict = options.strict ?? true;
  const server = await startEmulatorServer();
  const state = createEmulatorState(server, token, strict);
  const frontDoor = await startFrontDoor(state);
  return {
    apiRoot: frontDoor.apiRoot,
    token,
    user: (userOptions) => createEmulatedUser(state, userOptions),
    calls: (method) => state.log.filter((call) => method === undefined || call.method === method),
    async stop() {
      await frontDoor.close();
      await server.stop();
    },
  };
}
