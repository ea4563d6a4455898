import { plainText, type RichText, type TextSpan } from "../../core/reply.js";
import { escapeMrkdwn } from "./render-summary-blocks.js";

type Style = NonNullable<TextSpan["style"]>;

/** The character Slack's mrkdwn puts on both sides of styled text. */
const MARKERS: Record<Style, string> = { bold: "*", italic: "_", code: "`" };

/**
 * Rich text as Slack mrkdwn. Every character of the text is the person's own: `&`, `<` and
 * `>` are escaped, so text can never become a mention (`<@U123>`, `<!channel>`) or a link.
 * Styles become `*bold*`, `_italic_` and `` `code` ``. Slack has no escape for its markers
 * and styles neither whitespace at a marker nor a line break, so each line of a styled span
 * is styled trimmed, its whitespace outside the markers; a line holding its own marker
 * (a bold `2*3`) is left plain rather than broken.
 *
 * Use it with `verbatim: true` text objects, so Slack does not link channel names either.
 *
 * @example richToMrkdwn([rich.bold("任务 <1>"), rich.plain(" & more")]) // "*任务 &lt;1&gt;* &amp; more"
 */
export function richToMrkdwn(text: RichText): string {
  return mergeAdjacent(text)
    .map((span) => (span.style ? styled(span.text, span.style) : escapeMrkdwn(span.text)))
    .join("");
}

/**
 * The plain text of rich text, escaped, for a message's top-level `text`: Slack shows it in
 * notifications and parses it as mrkdwn too, so it must not mention anyone either.
 */
export function plainFallback(text: RichText): string {
  return escapeMrkdwn(plainText(text));
}

function styled(text: string, style: Style): string {
  const marker = MARKERS[style];
  return text
    .split("\n")
    .map((line) => {
      const core = line.trim();
      if (core === "" || core.includes(marker)) return escapeMrkdwn(line);
      const start = line.indexOf(core);
      const before = line.slice(0, start);
      const after = line.slice(start + core.length);
      return `${before}${marker}${escapeMrkdwn(core)}${marker}${after}`;
    })
    .join("\n");
}

/** Neighbouring spans of one style as one span: `*a**b*` would not show as bold. */
function mergeAdjacent(text: RichText): TextSpan[] {
  const merged: TextSpan[] = [];
  for (const span of text) {
    if (span.text === "") continue;
    const last = merged.at(-1);
    if (last && last.style === span.style) {
      merged[merged.length - 1] = { ...last, text: last.text + span.text };
    } else {
      merged.push(span);
    }
  }
  return merged;
}
