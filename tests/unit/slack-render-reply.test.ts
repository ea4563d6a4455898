import type { ActionsBlock, Button, KnownBlock, SectionBlock } from "@slack/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ButtonRows, type Reply, rich, textMessage } from "../../src/core/reply.js";
import {
  renderSlackReply,
  type SlackMessagePart,
  type SlackPart,
} from "../../src/platforms/slack/render-reply.js";
import {
  SLACK_MESSAGE_BLOCKS_MAX,
  SLACK_MESSAGE_BLOCKS_TEXT_MAX,
  SLACK_MESSAGE_TEXT_MAX,
  SLACK_SECTION_TEXT_MAX,
} from "../../src/platforms/slack/slack-limits.js";
import { SlackRenderError } from "../../src/platforms/slack/slack-render-error.js";

function messages(parts: SlackPart[]): SlackMessagePart[] {
  return parts.map((part) => {
    if (part.kind !== "message") throw new Error(`unexpected ${part.kind}`);
    return part;
  });
}

function sections(part: SlackMessagePart): string[] {
  return part.blocks
    .filter((block): block is SectionBlock => block.type === "section")
    .map((block) => block.text?.text ?? "");
}

function actions(part: SlackMessagePart): ActionsBlock[] {
  return part.blocks.filter((block): block is ActionsBlock => block.type === "actions");
}

function buttonsOf(blocks: KnownBlock[]): Button[] {
  return blocks
    .filter((block): block is ActionsBlock => block.type === "actions")
    .flatMap((block) => block.elements as Button[]);
}

/** What Slack shows for our mrkdwn: markers dropped, the three entities decoded. */
function shown(mrkdwn: string): string {
  return mrkdwn
    .replace(/[*_`]/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

function asked(text: string, buttons: ButtonRows): Reply {
  return { kind: "message", text: [{ text }], buttons };
}

const yesNo = [[{ label: "是", data: "track:yes" }], [{ label: "否 <no>", data: "track:no" }]];

describe("renderSlackReply: text", () => {
  it("renders a short message as one verbatim mrkdwn section with an escaped fallback", () => {
    const reply: Reply = {
      kind: "message",
      text: [rich.bold("任务"), rich.plain(" <@U123> & <!channel>")],
    };
    expect(renderSlackReply(reply)).toEqual([
      {
        kind: "message",
        text: "任务 &lt;@U123&gt; &amp; &lt;!channel&gt;",
        blocks: [
          {
            type: "section",
            text: {
              type: "mrkdwn",
              text: "*任务* &lt;@U123&gt; &amp; &lt;!channel&gt;",
              verbatim: true,
            },
          },
        ],
      },
    ]);
  });

  it("splits a 10,000-character Chinese digest into sections of at most 3000", () => {
    const paragraphs = Array.from(
      { length: 25 },
      (_, i) => `${i + 1}、${"督办专项整治工作进展顺利，各单位按期报送。".repeat(19)}`,
    );
    const digest = paragraphs.join("\n\n");
    expect(digest.length).toBeGreaterThan(10_000);
    const parts = messages(renderSlackReply(asked(digest, yesNo)));
    const all = parts.flatMap(sections);
    expect(all.length).toBeGreaterThanOrEqual(4);
    for (const part of parts) {
      expect(part.blocks.length).toBeLessThanOrEqual(SLACK_MESSAGE_BLOCKS_MAX);
      expect(part.text.length).toBeLessThanOrEqual(SLACK_MESSAGE_TEXT_MAX);
      const blockText = sections(part).reduce((sum, text) => sum + text.length, 0);
      expect(blockText).toBeLessThanOrEqual(SLACK_MESSAGE_BLOCKS_TEXT_MAX);
      for (const text of sections(part)) {
        expect(text.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
      }
    }
    // Cut at paragraph breaks: every section holds whole paragraphs.
    expect(all.join("\n\n")).toBe(digest);
    for (const text of all) {
      expect(text.split("\n\n").every((paragraph) => paragraphs.includes(paragraph))).toBe(true);
    }
    // The buttons are on the last message only.
    expect(parts.map((part) => actions(part).length)).toEqual([...parts.slice(1).map(() => 0), 2]);
  });

  it("splits a line without breaks anywhere, never inside a surrogate pair", () => {
    const line = `${"任".repeat(2999)}😀${"务".repeat(10)}`;
    const parts = messages(renderSlackReply(textMessage(line)));
    expect(parts.flatMap(sections)).toEqual(["任".repeat(2999), `😀${"务".repeat(10)}`]);
  });

  it("measures sections as Slack does, escapes and markers included", () => {
    // 1,000 "&" are 5,000 characters of mrkdwn: two sections.
    const parts = messages(renderSlackReply(textMessage("&".repeat(1000))));
    const texts = parts.flatMap(sections);
    expect(texts.map((text) => text.length)).toEqual([3000, 2000]);
    const styled: Reply = { kind: "message", text: [rich.bold("b".repeat(4000))] };
    const bold = messages(renderSlackReply(styled)).flatMap(sections);
    expect(bold.every((text) => text.length <= 3000 && /^\*b+\*$/.test(text))).toBe(true);
  });

  it("starts a new message after 50 blocks", () => {
    const paragraphs = Array.from({ length: 60 }, (_, i) => `p${i}`.padEnd(40, "x"));
    const parts = messages(renderSlackReply(textMessage(...paragraphs), { sectionTextMax: 50 }));
    expect(parts.map((part) => part.blocks.length)).toEqual([50, 10]);
    expect(parts[1]?.text.startsWith("p50xxx")).toBe(true);
  });

  it("keeps the buttons with the last section when they do not fit the last message", () => {
    const paragraphs = Array.from({ length: 50 }, (_, i) => `p${i}`.padEnd(40, "x"));
    const parts = messages(
      renderSlackReply(asked(paragraphs.join("\n\n"), yesNo), { sectionTextMax: 50 }),
    );
    expect(parts.map((part) => part.blocks.map((block) => block.type).join(","))).toEqual([
      Array(49).fill("section").join(","),
      "section,actions,actions",
    ]);
  });

  it("leaves out sections that would show nothing, and refuses an empty message", () => {
    const padded = textMessage("a".repeat(20), " ".repeat(20), "b");
    const parts = messages(renderSlackReply(padded, { sectionTextMax: 20 }));
    expect(parts.flatMap(sections)).toEqual(["a".repeat(20), "b"]);
    expect(() => renderSlackReply(textMessage(" \n "))).toThrow(SlackRenderError);
    expect(() => renderSlackReply({ kind: "message", text: [], buttons: yesNo })).toThrow(/empty/);
  });

  it("keeps every visible character, within every limit, for any rich text", () => {
    const span = fc.record({
      text: fc.string({
        unit: fc.constantFrom("a", "b", " ", "\n", "<", ">", "&", "*", "任", "😀"),
        maxLength: 80,
      }),
      style: fc.constantFrom(undefined, "bold", "italic", "code"),
    });
    fc.assert(
      fc.property(
        fc.array(span, { maxLength: 12 }),
        fc.integer({ min: 16, max: 60 }),
        (spans, limit) => {
          const text = spans.map(({ text, style }) => (style ? { text, style } : { text }));
          const all = text.map((s) => s.text).join("");
          if (all.trim() === "") return;
          const parts = messages(
            renderSlackReply({ kind: "message", text }, { sectionTextMax: limit }),
          );
          const texts = parts.flatMap(sections);
          for (const mrkdwn of texts) {
            expect(mrkdwn.length).toBeLessThanOrEqual(limit);
            expect(mrkdwn.trim()).not.toBe("");
            expect(mrkdwn.replace(/&(lt|gt|amp);/g, "")).not.toMatch(/[<>&]/);
            expect(/[\uD800-\uDBFF]$/.test(mrkdwn)).toBe(false);
          }
          const kept = texts.map(shown).join("");
          expect(kept.replace(/[\s*]/g, "")).toBe(all.replace(/[\s*]/g, ""));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is the same every time", () => {
    const reply = asked("x".repeat(9000), yesNo);
    expect(renderSlackReply(reply)).toEqual(renderSlackReply(reply));
  });
});

describe("renderSlackReply: buttons", () => {
  it("renders one actions block per row with stable, unique action ids", () => {
    const [part] = messages(renderSlackReply(asked("On track?", yesNo)));
    expect(part?.blocks.slice(1)).toEqual([
      {
        type: "actions",
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: "是", emoji: true },
            action_id: "duban:0:0",
            value: "track:yes",
          },
        ],
      },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: "否 <no>", emoji: true },
            action_id: "duban:1:0",
            value: "track:no",
          },
        ],
      },
    ]);
  });

  it("splits a row longer than 25 buttons and drops empty rows", () => {
    const row = Array.from({ length: 30 }, (_, i) => ({ label: `${i}`, data: `d${i}` }));
    const [part] = messages(renderSlackReply(asked("pick", [[], row])));
    const blocks = actions(part as SlackMessagePart);
    expect(blocks.map((block) => block.elements.length)).toEqual([25, 5]);
    const ids = buttonsOf(blocks).map((button) => button.action_id);
    expect(new Set(ids).size).toBe(30);
    expect(ids.at(-1)).toBe("duban:1:29");
  });

  it("accepts 2000 characters of data and refuses 2001 or none", () => {
    const ok = asked("x", [[{ label: "ok", data: "d".repeat(2000) }]]);
    expect(buttonsOf(messages(renderSlackReply(ok))[0]?.blocks ?? [])[0]?.value).toHaveLength(2000);
    const long = asked("x", [[{ label: "no", data: "d".repeat(2001) }]]);
    expect(() => renderSlackReply(long)).toThrow(/1-2000 characters, got 2001/);
    expect(() => renderSlackReply(asked("x", [[{ label: "no", data: "" }]]))).toThrow(
      SlackRenderError,
    );
  });

  it("cuts a label to 75 characters and refuses an empty one", () => {
    const [button] = buttonsOf(
      messages(renderSlackReply(asked("x", [[{ label: "长".repeat(100), data: "d" }]])))[0]
        ?.blocks ?? [],
    );
    expect(button?.text.text).toBe(`${"长".repeat(74)}…`);
    expect(() => renderSlackReply(asked("x", [[{ label: " ", data: "d" }]]))).toThrow(/label/);
  });
});

describe("renderSlackReply: edits and files", () => {
  it("renders an edit's text as messages without buttons", () => {
    const parts = messages(
      renderSlackReply({ kind: "edit", of: "digest:1", text: [rich.plain("新")], surplus: [] }),
    );
    expect(parts).toEqual([
      {
        kind: "message",
        text: "新",
        blocks: [{ type: "section", text: { type: "mrkdwn", text: "新", verbatim: true } }],
      },
    ]);
  });

  it("renders a file with its caption as the comment, and a long caption after it", () => {
    const base64 = Buffer.from("hello").toString("base64");
    const file: Reply = {
      kind: "file",
      fileName: "通报\u0000.docx",
      mimeType: "application/octet-stream",
      base64,
      caption: [rich.bold("第 3 期"), rich.plain(" <@U1>")],
    };
    expect(renderSlackReply(file)).toEqual([
      {
        kind: "file",
        fileName: "通报.docx",
        base64,
        title: "通报.docx",
        initialComment: "*第 3 期* &lt;@U1&gt;",
      },
    ]);
    const long = renderSlackReply({ ...file, caption: [rich.plain("长".repeat(5000))] });
    expect(long.map((part) => part.kind)).toEqual(["file", "message"]);
    expect(sections(long[1] as SlackMessagePart).map((text) => text.length)).toEqual([3000, 2000]);
    expect(long[0]).not.toHaveProperty("initialComment");
  });

  it("refuses an empty file", () => {
    const empty: Reply = { kind: "file", fileName: "a.txt", mimeType: "text/plain", base64: "" };
    expect(() => renderSlackReply(empty)).toThrow(/empty/);
  });
});
