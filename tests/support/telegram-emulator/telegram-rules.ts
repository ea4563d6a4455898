/**
 * What Telegram refuses, in its own words: sends to unknown or blocking chats, empty, too long
 * or badly formed HTML texts, and inline buttons without a text, an action or with
 * `callback_data` outside 1-64 bytes. MarkdownV2 is not checked.
 */
import { type Answer, fail, isRecord, type Params, str } from "./bot-api.js";

export const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
export const WEBHOOK_ACTIVE =
  "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
export const OTHER_POLL =
  "terminated by other getUpdates request; make sure that only one bot instance is running";

const HTML_TAGS = new Set(
  "b strong i em u ins s strike del span tg-spoiler a code pre blockquote tg-emoji".split(" "),
);
const HTML_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/**
 * Telegram's answer to a message sent or edited in `chat` (undefined: no user opened it), or
 * undefined when Telegram would take it. `text` is undefined when the call sets no text.
 */
export function refuseOutgoing(
  chat: { blocked: boolean } | undefined,
  params: Params,
  text: string | undefined,
): Answer | undefined {
  if (!chat) return fail(400, "Bad Request: chat not found");
  if (chat.blocked) return fail(403, "Forbidden: bot was blocked by the user");
  const problem =
    (text === undefined ? undefined : checkText(text, str(params.parse_mode))) ??
    checkKeyboard(params.reply_markup);
  return problem === undefined ? undefined : fail(400, `Bad Request: ${problem}`);
}

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

/** Telegram's checks on an inline keyboard; returns the problem, as Telegram words it. */
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
