/**
 * Platform-neutral replies. The core builds them; each adapter renders them (Telegram HTML
 * with user text escaped, Slack Block Kit and mrkdwn, the web page) and owns every
 * platform limit: message length, callback data size, rate limits.
 */

/** A run of text; `text` is plain (never markup), so user text cannot inject formatting. */
export interface TextSpan {
  text: string;
  style?: "bold" | "italic" | "code";
}

/** Rich text: spans, with `\n` for line breaks and `\n\n` between paragraphs. */
export type RichText = TextSpan[];

/**
 * A button. `data` comes back as an `Incoming` choice: 1 to `BUTTON_DATA_MAX` (2,000)
 * characters. Each adapter fits it to its platform (Slack's button value holds 2,000;
 * Telegram's callback_data only 64 bytes, so its adapter stores longer data and sends a key).
 */
export interface ReplyButton {
  label: string;
  data: string;
}

/** Buttons shown under a message, row by row. */
export type ButtonRows = ReplyButton[][];

export type Reply =
  | { kind: "message"; text: RichText; buttons?: ButtonRows }
  | {
      kind: "file";
      fileName: string;
      mimeType: string;
      /** File contents, base64: replies are stored in the outbox as JSON. */
      base64: string;
      caption?: RichText;
    }
  | {
      /**
       * Replaces, in place, the text of messages already posted: those the outbox row with
       * idempotency key `of` was sent as (a digest updated after a late report). Parts beyond
       * the posted ones are sent as new messages; posted parts no longer needed get `surplus`.
       * Where the original was never delivered, this is sent as a new message instead.
       */
      kind: "edit";
      of: string;
      text: RichText;
      surplus: RichText;
    };

/** Helpers for building rich text without markup strings. */
export const rich = {
  plain: (text: string): TextSpan => ({ text }),
  bold: (text: string): TextSpan => ({ text, style: "bold" }),
  italic: (text: string): TextSpan => ({ text, style: "italic" }),
  code: (text: string): TextSpan => ({ text, style: "code" }),
};

/** A message of plain paragraphs. */
export function textMessage(...paragraphs: string[]): Reply {
  return { kind: "message", text: [{ text: paragraphs.join("\n\n") }] };
}

/** The text of rich text without styles (for logs, tests and plain-text platforms). */
export function plainText(text: RichText): string {
  return text.map((span) => span.text).join("");
}
