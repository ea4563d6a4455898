import type { SectionBlock } from "@slack/types";
import type { RichText } from "../../core/reply.js";
import { isHighSurrogate } from "./cut-text.js";
import { escapeMrkdwn } from "./render-summary-blocks.js";
import { SLACK_SECTION_TEXT_MAX } from "./slack-limits.js";
import { richToMrkdwn } from "./slack-mrkdwn.js";

/** One section's worth of text: its mrkdwn, and the same text plain for the fallback. */
export interface SectionText {
  mrkdwn: string;
  /** Escaped plain text, for a message's top-level `text`. */
  fallback: string;
}

/**
 * Rich text cut into pieces whose mrkdwn is at most `limit` characters (escapes and style
 * markers included, as Slack counts them): at paragraph breaks, else line breaks, else
 * spaces, else anywhere but inside a surrogate pair. The separators at the cuts are
 * dropped, and so are pieces that would show nothing.
 */
export function sectionTexts(text: RichText, limit = SLACK_SECTION_TEXT_MAX): SectionText[] {
  if (!(limit >= 16)) throw new RangeError(`section limit ${limit} is too small`);
  const visible = text.map((span) => span.text).join("");
  const mrkdwnOf = (start: number, end: number) => richToMrkdwn(sliceRich(text, start, end));
  const pieces: SectionText[] = [];
  for (const [start, end] of chunkRanges(visible, limit, mrkdwnOf)) {
    const plain = visible.slice(start, end);
    if (plain.trim() === "") continue;
    pieces.push({ mrkdwn: mrkdwnOf(start, end), fallback: escapeMrkdwn(plain) });
  }
  return pieces;
}

/** A section block showing `mrkdwn` as it is: no channel names or URLs turned into links. */
export function sectionBlock(mrkdwn: string): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text: mrkdwn, verbatim: true } };
}

/** The spans of `text` between visible offsets `start` and `end`. */
function sliceRich(text: RichText, start: number, end: number): RichText {
  const slice: RichText = [];
  let offset = 0;
  for (const span of text) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + span.text.length);
    if (from < to) slice.push({ ...span, text: span.text.slice(from - offset, to - offset) });
    offset += span.text.length;
  }
  return slice;
}

/**
 * `[start, end)` ranges of `visible` whose rendering fits `limit`. A window of `limit`
 * visible characters is tried first; where escapes or markers make its rendering longer,
 * the window shrinks in proportion until it fits.
 */
function chunkRanges(
  visible: string,
  limit: number,
  render: (start: number, end: number) => string,
): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  while (start < visible.length) {
    let window = Math.min(limit, visible.length - start);
    let cut = cutIn(visible, start, start + window);
    let length = render(start, cut.end).length;
    while (length > limit) {
      window = Math.max(1, Math.min(window - 1, Math.floor(((cut.end - start) * limit) / length)));
      cut = cutIn(visible, start, start + window);
      length = render(start, cut.end).length;
    }
    ranges.push([start, cut.end]);
    start = cut.end + cut.skip;
    while (visible[start] === "\n") start += 1; // a piece does not open with blank lines
  }
  return ranges;
}

/** Where to end a piece that starts at `start` and may reach `end`, and what to skip. */
function cutIn(visible: string, start: number, end: number): { end: number; skip: number } {
  if (end >= visible.length) return { end: visible.length, skip: 0 };
  const paragraph = lastBreak(visible, "\n\n", start, end);
  if (paragraph !== undefined) return { end: paragraph, skip: 2 };
  const line = lastBreak(visible, "\n", start, end);
  if (line !== undefined) return { end: line, skip: 1 };
  // A space in the second half of the window keeps words whole; Chinese has none.
  const space = lastBreak(visible, " ", start + Math.floor((end - start) / 2), end);
  if (space !== undefined) return { end: space, skip: 1 };
  let hard = isHighSurrogate(visible.charCodeAt(end - 1)) ? end - 1 : end;
  if (hard <= start) hard = Math.min(visible.length, start + 2); // a lone pair in a tiny window
  return { end: hard, skip: 0 };
}

/** The last index of `separator` after `after` whose text before it ends by `end`. */
function lastBreak(
  text: string,
  separator: string,
  after: number,
  end: number,
): number | undefined {
  const index = text.lastIndexOf(separator, end);
  return index > after ? index : undefined;
}
