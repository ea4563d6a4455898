import type { Chat, Message, Update, User } from "grammy/types";
import { type Incoming, type IncomingContent, ZIncoming } from "../../core/incoming.js";
import { isRecord } from "../../core/is-record.js";
import { CALLBACK_DATA_BYTES } from "./callback-data.js";

type Unsupported = Extract<IncomingContent, { kind: "unsupported" }>["what"];

/**
 * Message contents the bot cannot read, in the order they are checked: an animation also
 * carries `document` and a live photo `photo`, a venue `location`, so the specific field comes
 * first. Fields not listed here (service messages: members joining, pins, topic changes…) make
 * the update ignored, so the bot never answers them in a group.
 */
const UNSUPPORTED_FIELDS: ReadonlyArray<readonly [keyof Message, Unsupported]> = [
  ["sticker", "sticker"],
  ["animation", "video"],
  ["video", "video"],
  ["video_note", "video"],
  ["live_photo", "photo"],
  ["photo", "photo"],
  ["voice", "voice"],
  ["audio", "file"],
  ["document", "file"],
  ["venue", "location"],
  ["location", "location"],
  ["contact", "other"],
  ["poll", "other"],
  ["dice", "other"],
  ["game", "other"],
  ["story", "other"],
  ["paid_media", "other"],
  ["checklist", "other"],
  ["rich_message", "other"],
  ["invoice", "other"],
  ["giveaway", "other"],
  ["giveaway_winners", "other"],
];

/** `/name`, `/name@bot`, then arguments after whitespace (Telegram: 1-32 of `[A-Za-z0-9_]`). */
const COMMAND = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/;

/** What `toIncoming` needs besides the update. */
export interface ToIncomingOptions {
  /**
   * The bot's own username (`ctx.me.username`). When given, a command addressed to another
   * bot (`/report@OtherBot`) is ignored; without it every `@bot` suffix is stripped.
   */
  botUsername?: string;
  /** The clock; `receivedAt` is when the adapter saw the update. */
  now?: () => Date;
}

/**
 * Translates a Telegram update into the core's `Incoming`, or `undefined` for what the bot
 * ignores: channel posts, membership changes, service messages, edits of anything but a
 * text (a command edited afterwards is not run), messages
 * from bots or sent on behalf of a chat, buttons on inline messages, commands addressed to
 * another bot, and anything malformed. Pure, and never throws: the result is checked with
 * `ZIncoming`.
 *
 * @example toIncoming(ctx.update, { botUsername: ctx.me.username })
 */
export function toIncoming(update: Update, options: ToIncomingOptions = {}): Incoming | undefined {
  try {
    const candidate = translate(update, options);
    if (!candidate) return undefined;
    const parsed = ZIncoming.safeParse(candidate);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // a shape no type foresaw: ignore rather than crash the bot
  }
}

function translate(update: Update, options: ToIncomingOptions): Incoming | undefined {
  if (!isRecord(update) || !Number.isSafeInteger(update.update_id) || update.update_id < 0) {
    return undefined;
  }
  const base = { platform: "telegram" as const, updateKey: String(update.update_id) };
  const receivedAt = options.now?.() ?? new Date();
  const query = update.callback_query;
  if (isRecord(query)) {
    const message = query.message;
    if (!isRecord(message) || typeof query.data !== "string") return undefined;
    // Telegram's callback data is 1-64 bytes (longer button data travels as a key): anything
    // longer was not sent by Telegram.
    if (Buffer.byteLength(query.data, "utf8") > CALLBACK_DATA_BYTES) return undefined;
    const user = userOf(query.from);
    const chat = chatOf(message.chat);
    if (!user || !chat) return undefined;
    return { ...base, receivedAt, user, chat, content: { kind: "choice", data: query.data } };
  }
  const edited = update.edited_message;
  if (isRecord(edited)) return editedText(edited, base, receivedAt);
  const message = update.message;
  if (!isRecord(message)) return undefined;
  if (message.sender_chat !== undefined || message.is_automatic_forward === true) return undefined;
  if (message.from?.is_bot === true) return undefined; // other bots, anonymous admins
  const user = userOf(message.from);
  const chat = chatOf(message.chat);
  if (!user || !chat) return undefined;
  const content = contentOf(message, options.botUsername);
  if (!content) return undefined;
  return { ...base, receivedAt, user, chat, content };
}

/** A text message changed after it was sent: the core decides whether the change counts. */
function editedText(
  message: Message,
  base: Pick<Incoming, "platform" | "updateKey">,
  receivedAt: Date,
): Incoming | undefined {
  if (message.from?.is_bot === true || message.sender_chat !== undefined) return undefined;
  if (typeof message.text !== "string" || COMMAND.test(message.text)) return undefined;
  const user = userOf(message.from);
  const chat = chatOf(message.chat);
  if (!user || !chat || !Number.isSafeInteger(message.message_id)) return undefined;
  const content = {
    kind: "edited" as const,
    text: message.text,
    messageId: String(message.message_id),
  };
  return { ...base, receivedAt, user, chat, content };
}

function contentOf(message: Message, botUsername: string | undefined): IncomingContent | undefined {
  if (typeof message.text === "string") {
    const command = COMMAND.exec(message.text);
    if (!command) {
      const id = message.message_id;
      return Number.isSafeInteger(id)
        ? { kind: "text", text: message.text, messageId: String(id) }
        : { kind: "text", text: message.text };
    }
    const [, name = "", addressee, args = ""] = command;
    if (addressee && botUsername && addressee.toLowerCase() !== botUsername.toLowerCase()) {
      return undefined; // `/report@OtherBot` in a group is not for us
    }
    return { kind: "command", name: name.toLowerCase(), args: args.trim() };
  }
  for (const [field, what] of UNSUPPORTED_FIELDS) {
    if (message[field] !== undefined && message[field] !== null)
      return { kind: "unsupported", what };
  }
  return undefined;
}

function userOf(from: User | undefined): Incoming["user"] | undefined {
  if (!isRecord(from) || !Number.isSafeInteger(from.id)) return undefined;
  const name = [from.first_name, from.last_name].filter(isNonEmptyString).join(" ");
  const language = from.language_code;
  return {
    externalId: String(from.id),
    ...(name ? { displayName: clip(name, 256) } : {}),
    ...(isNonEmptyString(from.username) ? { username: clip(from.username, 64) } : {}),
    ...(isNonEmptyString(language) && language.length <= 35 ? { languageCode: language } : {}),
  };
}

function chatOf(chat: Pick<Chat, "id" | "type"> | undefined): Incoming["chat"] | undefined {
  if (!isRecord(chat) || !Number.isSafeInteger(chat.id)) return undefined;
  if (chat.type === "private") return { id: String(chat.id), kind: "private" };
  if (chat.type === "group" || chat.type === "supergroup") {
    return { id: String(chat.id), kind: "group" };
  }
  return undefined; // channels
}

/** The first `max` UTF-16 units, without splitting a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, cut);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}
