import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { BUTTON_DATA_MAX } from "../../core/incoming.js";
import type { ButtonRows, Reply, RichText, TextSpan } from "../../core/reply.js";
import { callbackDataFor } from "./callback-data.js";
import type { TelegramButtonRow } from "./telegram-button-store.js";

/**
 * Telegram's limits, counted in UTF-16 units of the visible text (after entity parsing);
 * `callback_data`'s 64 bytes are in `callback-data.ts`.
 */
export const TELEGRAM_LIMITS = {
  text: 4096,
  caption: 1024,
  documentBytes: 50 * 1024 * 1024,
} as const;

/** One Bot API call that delivers (part of) a reply, in the order they must be made. */
export type TelegramOperation =
  | {
      method: "sendMessage";
      /** HTML (`parse_mode: "HTML"`): user text escaped, every tag closed in this chunk. */
      html: string;
      /** Only on the last message of a reply. */
      keyboard?: InlineKeyboardMarkup;
      /**
       * With the keyboard, when a button's data is too long for `callback_data`: the button
       * carries the key, and these rows must be in the button store before this is sent.
       */
      storedButtons?: TelegramButtonRow[];
    }
  | {
      method: "sendDocument";
      fileName: string;
      /** The decoded file; the gateway wraps it in an `InputFile`. */
      bytes: Buffer;
      /** HTML caption that fits Telegram's caption limit. */
      captionHtml?: string;
    };

/** A reply Telegram would refuse however often it is sent: a programming error upstream. */
export class TelegramRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TelegramRenderError";
  }
}

/** Limits to render against; Telegram's by default. */
export interface RenderReplyOptions {
  /** Visible characters per message (default 4096; smaller in tests). */
  textLimit?: number;
  /** Visible characters per caption (default 1024). */
  captionLimit?: number;
}

const TAGS: Record<NonNullable<TextSpan["style"]>, string> = {
  bold: "b",
  italic: "i",
  code: "code",
};

/**
 * Renders a platform-neutral reply as Telegram operations. Message text becomes HTML with
 * every user character escaped; text longer than the limit is split at paragraph breaks,
 * then line breaks, then spaces, then anywhere (never inside a surrogate pair), each chunk
 * valid HTML on its own; the inline keyboard goes on the last chunk. A file becomes a
 * `sendDocument`; a caption too long for Telegram is sent as messages after the file.
 * Button data of up to 64 bytes is sent as it is; longer data as a key (`callbackDataFor`),
 * the rows to store listed in `storedButtons`. Throws `TelegramRenderError` for what cannot
 * be sent: empty text, an empty or over-sized file, a button without a label, button data
 * that is empty or longer than the core's `BUTTON_DATA_MAX`.
 *
 * @example renderReply(textMessage("Hello")) // [{ method: "sendMessage", html: "Hello" }]
 */
export function renderReply(reply: Reply, options: RenderReplyOptions = {}): TelegramOperation[] {
  const textLimit = checkLimit(options.textLimit ?? TELEGRAM_LIMITS.text);
  const captionLimit = checkLimit(options.captionLimit ?? TELEGRAM_LIMITS.caption);
  if (reply.kind === "message" || reply.kind === "edit") {
    const chunks = renderRichText(reply.text, textLimit);
    if (chunks.length === 0) throw new TelegramRenderError("message text is empty");
    const rendered =
      reply.kind === "message" && reply.buttons ? renderKeyboard(reply.buttons) : undefined;
    return chunks.map((html, index): TelegramOperation => {
      if (!rendered || index < chunks.length - 1) return { method: "sendMessage", html };
      const { keyboard, storedButtons } = rendered;
      return storedButtons.length > 0
        ? { method: "sendMessage", html, keyboard, storedButtons }
        : { method: "sendMessage", html, keyboard };
    });
  }
  const bytes = Buffer.from(reply.base64, "base64");
  if (bytes.length === 0) throw new TelegramRenderError("file is empty");
  if (bytes.length > TELEGRAM_LIMITS.documentBytes) {
    throw new TelegramRenderError(`file is ${bytes.length} bytes, over Telegram's 50 MB`);
  }
  // grammY writes the name into a multipart header: no control characters there.
  const fileName =
    [...reply.fileName]
      .filter((char) => char >= " ")
      .join("")
      .trim() || "file";
  const caption = reply.caption ? renderRichText(reply.caption, Number.POSITIVE_INFINITY) : [];
  const [captionHtml] = caption;
  if (captionHtml === undefined) return [{ method: "sendDocument", fileName, bytes }];
  if (visibleLength(reply.caption ?? []) <= captionLimit) {
    return [{ method: "sendDocument", fileName, bytes, captionHtml }];
  }
  const followUps = renderRichText(reply.caption ?? [], textLimit);
  return [
    { method: "sendDocument", fileName, bytes },
    ...followUps.map((html): TelegramOperation => ({ method: "sendMessage", html })),
  ];
}

/** Escapes text for Telegram's HTML parse mode (`&`, `<`, `>`; quotes need no escaping). */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * Rich text as HTML chunks of at most `limit` visible characters each; chunks that would
 * show nothing are left out.
 */
export function renderRichText(text: RichText, limit: number): string[] {
  const visible = text.map((span) => span.text).join("");
  const segments: { start: number; end: number; style: TextSpan["style"] }[] = [];
  let offset = 0;
  for (const span of text) {
    segments.push({ start: offset, end: offset + span.text.length, style: span.style });
    offset += span.text.length;
  }
  return chunkRanges(visible, limit)
    .filter(([start, end]) => visible.slice(start, end).trim() !== "")
    .map(([start, end]) => {
      let html = "";
      for (const segment of segments) {
        const from = Math.max(segment.start, start);
        const to = Math.min(segment.end, end);
        if (from >= to) continue;
        const escaped = escapeHtml(visible.slice(from, to));
        const tag = segment.style ? TAGS[segment.style] : undefined;
        html += tag ? `<${tag}>${escaped}</${tag}>` : escaped;
      }
      return html;
    });
}

/** `[start, end)` ranges of at most `limit` units; separators at the cuts are dropped. */
function chunkRanges(visible: string, limit: number): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  while (visible.length - start > limit) {
    const windowEnd = start + limit;
    let cut = lastBreak(visible, "\n\n", start, windowEnd);
    let skip = 2;
    if (cut === undefined) {
      cut = lastBreak(visible, "\n", start, windowEnd);
      skip = 1;
    }
    if (cut === undefined) {
      // A space in the second half of the window keeps words whole; Chinese has none.
      cut = lastBreak(visible, " ", start + Math.floor(limit / 2), windowEnd);
      skip = 1;
    }
    if (cut === undefined) {
      cut = isHighSurrogate(visible.charCodeAt(windowEnd - 1)) ? windowEnd - 1 : windowEnd;
      skip = 0;
    }
    ranges.push([start, cut]);
    start = cut + skip;
    while (visible[start] === "\n") start += 1; // a chunk does not open with blank lines
  }
  ranges.push([start, visible.length]);
  return ranges;
}

/** The last index of `separator` after `after` whose text before it fits up to `end`. */
function lastBreak(
  text: string,
  separator: string,
  after: number,
  end: number,
): number | undefined {
  const index = text.lastIndexOf(separator, end);
  return index > after ? index : undefined;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function visibleLength(text: RichText): number {
  return text.reduce((length, span) => length + span.text.length, 0);
}

/** The inline keyboard, and the rows of the data it sends as keys (each key once). */
function renderKeyboard(
  rows: ButtonRows,
): { keyboard: InlineKeyboardMarkup; storedButtons: TelegramButtonRow[] } | undefined {
  const stored = new Map<string, string>();
  const inline_keyboard: InlineKeyboardButton[][] = rows
    .filter((row) => row.length > 0)
    .map((row) =>
      row.map((button) => {
        if (button.label.trim() === "") {
          throw new TelegramRenderError("a button has an empty label");
        }
        if (button.data.length < 1 || button.data.length > BUTTON_DATA_MAX) {
          throw new TelegramRenderError(
            `button data must be 1-${BUTTON_DATA_MAX} characters, got ${button.data.length}`,
          );
        }
        const { callbackData, keyed } = callbackDataFor(button.data);
        if (keyed) stored.set(callbackData, button.data);
        return { text: button.label, callback_data: callbackData };
      }),
    );
  if (inline_keyboard.length === 0) return undefined;
  const storedButtons = [...stored].map(([key, data]) => ({ key, data }));
  return { keyboard: { inline_keyboard }, storedButtons };
}

function checkLimit(limit: number): number {
  if (!(limit >= 16)) throw new TelegramRenderError(`limit ${limit} is too small`);
  return limit;
}
