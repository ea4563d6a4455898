import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUTTON_DATA_MAX } from "../../src/core/incoming.js";
import { type ButtonRows, type Reply, rich, textMessage } from "../../src/core/reply.js";
import { buttonKeyOf } from "../../src/platforms/telegram/callback-data.js";
import {
  escapeHtml,
  renderReply,
  TELEGRAM_LIMITS,
  type TelegramOperation,
  TelegramRenderError,
} from "../../src/platforms/telegram/render-reply.js";

/** What Telegram shows for our HTML: tags dropped, the three entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<\/?(b|i|code)>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** Every tag we emit is closed in the same chunk, and no raw `<`/`&` is left. */
function isBalanced(html: string): boolean {
  const open: string[] = [];
  for (const [, closing, name] of html.matchAll(/<(\/?)(\w+)>/g)) {
    if (!closing) open.push(name ?? "");
    else if (open.pop() !== name) return false;
  }
  const stripped = html.replace(/<\/?(b|i|code)>/g, "").replace(/&(lt|gt|amp);/g, "");
  return open.length === 0 && !/[<>&]/.test(stripped);
}

function messages(
  operations: TelegramOperation[],
): Extract<TelegramOperation, { method: "sendMessage" }>[] {
  return operations.map((operation) => {
    if (operation.method !== "sendMessage") throw new Error(`unexpected ${operation.method}`);
    return operation;
  });
}

/** A message with buttons under it. */
function asked(text: string, buttons: ButtonRows): Reply {
  return { kind: "message", text: [{ text }], buttons };
}

const buttons = [[{ label: "是", data: "track:yes" }], [{ label: "否 <no>", data: "track:no" }]];

describe("renderReply: text", () => {
  it("escapes user text so markup shows literally", () => {
    const [op] = messages(renderReply(textMessage(`<script>&"alert"</script>`)));
    expect(op?.html).toBe(`&lt;script&gt;&amp;"alert"&lt;/script&gt;`);
    expect(escapeHtml("a & b < c > d")).toBe("a &amp; b &lt; c &gt; d");
  });

  it("styles spans with b, i and code, escaping inside them", () => {
    const reply: Reply = {
      kind: "message",
      text: [rich.bold("任务 <1>"), rich.plain(": "), rich.italic("on track"), rich.code(" x&y ")],
    };
    const [op] = messages(renderReply(reply));
    expect(op?.html).toBe("<b>任务 &lt;1&gt;</b>: <i>on track</i><code> x&amp;y </code>");
  });

  it("keeps a short message whole with its keyboard", () => {
    const ops = messages(renderReply(asked("On track?", buttons)));
    expect(ops).toEqual([
      {
        method: "sendMessage",
        html: "On track?",
        keyboard: {
          inline_keyboard: [
            [{ text: "是", callback_data: "track:yes" }],
            [{ text: "否 <no>", callback_data: "track:no" }],
          ],
        },
      },
    ]);
  });

  it("drops empty rows and attaches no keyboard when there is no button", () => {
    expect(renderReply(asked("x", [[], []]))).toEqual([{ method: "sendMessage", html: "x" }]);
  });
});

describe("renderReply: splitting", () => {
  it("hard-splits a 5,000-character paragraph into 4096 + 904", () => {
    const ops = messages(renderReply(textMessage("a".repeat(5000))));
    expect(ops.map((op) => op.html.length)).toEqual([4096, 904]);
  });

  it("packs 10 paragraphs of 600 characters at paragraph breaks", () => {
    const paragraphs = Array.from({ length: 10 }, (_, i) => String(i).repeat(600));
    const ops = messages(renderReply(textMessage(...paragraphs)));
    expect(ops.map((op) => op.html)).toEqual([
      paragraphs.slice(0, 6).join("\n\n"),
      paragraphs.slice(6).join("\n\n"),
    ]);
  });

  it("splits a long line of Chinese without losing or adding a character", () => {
    const line = "督办专项整治工作进展顺利，".repeat(700); // 9,100 characters, no breaks
    const ops = messages(renderReply(textMessage(line)));
    expect(ops).toHaveLength(3);
    expect(ops.every((op) => op.html.length <= TELEGRAM_LIMITS.text)).toBe(true);
    expect(ops.map((op) => op.html).join("")).toBe(line);
  });

  it("prefers line breaks, then spaces, inside an over-long paragraph", () => {
    const lines = Array.from({ length: 8 }, (_, i) => `${i}`.repeat(700)).join("\n");
    const byLine = messages(renderReply(textMessage(lines)));
    expect(byLine.map((op) => op.html.split("\n").length)).toEqual([5, 3]);
    const words = Array.from({ length: 1000 }, () => "word").join(" "); // 4,999 characters
    const byWord = messages(renderReply(textMessage(words)));
    expect(byWord.map((op) => visible(op.html)).every((c) => !c.startsWith(" "))).toBe(true);
    expect(byWord.map((op) => visible(op.html)).join(" ")).toBe(words);
  });

  it("never cuts a surrogate pair", () => {
    const text = `${"a".repeat(4095)}😀${"b".repeat(10)}`;
    const ops = messages(renderReply(textMessage(text)));
    expect(ops.map((op) => op.html)).toEqual(["a".repeat(4095), `😀${"b".repeat(10)}`]);
  });

  it("measures the visible text, and re-opens styles in every chunk", () => {
    // 3,000 escaped "&" are 15,000 characters of HTML but 3,000 on screen: one message.
    expect(renderReply(textMessage("&".repeat(3000)))).toHaveLength(1);
    const reply: Reply = {
      kind: "message",
      text: [rich.plain("x".repeat(4000)), rich.bold(`<${"y".repeat(300)}>`), rich.plain("z")],
      buttons,
    };
    const ops = messages(renderReply(reply));
    expect(ops).toHaveLength(2);
    expect(ops.every((op) => isBalanced(op.html))).toBe(true);
    expect(ops[0]?.html.endsWith(`<b>&lt;${"y".repeat(95)}</b>`)).toBe(true);
    expect(ops[1]?.html.startsWith(`<b>${"y".repeat(205)}&gt;</b>z`)).toBe(true);
    expect(ops.map((op) => visible(op.html)).join("")).toBe(
      `${"x".repeat(4000)}<${"y".repeat(300)}>z`,
    );
  });

  it("puts the keyboard on the last chunk only", () => {
    const ops = messages(renderReply(asked("q".repeat(9000), buttons)));
    expect(ops.map((op) => op.keyboard !== undefined)).toEqual([false, false, true]);
  });

  it("leaves out chunks that would show nothing, and refuses an empty message", () => {
    const ops = messages(renderReply(textMessage("a".repeat(4096), " ".repeat(4096), "b")));
    expect(ops.map((op) => op.html)).toEqual(["a".repeat(4096), "b"]);
    expect(() => renderReply(textMessage(" \n "))).toThrow(TelegramRenderError);
    expect(() => renderReply({ kind: "message", text: [], buttons })).toThrow(/empty/);
  });
});

describe("renderReply: any rich text", () => {
  const span = fc.record({
    text: fc.string({
      unit: fc.constantFrom("a", "b", " ", "\n", "<", ">", "&", "任", "😀"),
      maxLength: 80,
    }),
    style: fc.constantFrom(undefined, "bold", "italic", "code"),
  });

  it("gives valid chunks within the limit that lose nothing but the separators", () => {
    fc.assert(
      fc.property(
        fc.array(span, { maxLength: 12 }),
        fc.integer({ min: 16, max: 60 }),
        (spans, limit) => {
          const text = spans.map(({ text, style }) => (style ? { text, style } : { text }));
          const all = text.map((s) => s.text).join("");
          if (all.trim() === "") return;
          const ops = messages(renderReply({ kind: "message", text }, { textLimit: limit }));
          for (const op of ops) {
            expect(isBalanced(op.html)).toBe(true);
            expect(visible(op.html).length).toBeLessThanOrEqual(limit);
            expect(visible(op.html).trim()).not.toBe("");
            expect(/[\uD800-\uDBFF]$/.test(visible(op.html))).toBe(false);
          }
          const kept = ops.map((op) => visible(op.html)).join("");
          expect(kept.replace(/\s/g, "")).toBe(all.replace(/\s/g, ""));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("renderReply: buttons", () => {
  it("sends 64 bytes of data as they are, and 65 as a key (UTF-8 bytes, not characters)", () => {
    const fits = "d".repeat(64);
    const [ok] = messages(renderReply(asked("x", [[{ label: "ok", data: fits }]])));
    expect(ok).toEqual({
      method: "sendMessage",
      html: "x",
      keyboard: { inline_keyboard: [[{ text: "ok", callback_data: fits }]] },
    });
    for (const data of ["d".repeat(65), "任".repeat(22)]) {
      const [op] = messages(renderReply(asked("x", [[{ label: "long", data }]])));
      const key = buttonKeyOf(data);
      expect(op?.keyboard?.inline_keyboard).toEqual([[{ text: "long", callback_data: key }]]);
      expect(op?.storedButtons).toEqual([{ key, data }]);
    }
  });

  it("sends long data as a key on the last chunk, each key stored once, the same every time", () => {
    const long = `lc|${"a".repeat(297)}`;
    const other = "b".repeat(2000);
    const reply = {
      kind: "message",
      text: [{ text: `${"p".repeat(30)}\n\n${"q".repeat(30)}` }],
      buttons: [
        [
          { label: "A", data: long },
          { label: "B", data: "short" },
        ],
        [
          { label: "A again", data: long },
          { label: "C", data: other },
        ],
      ],
    } as const satisfies Reply;
    const ops = messages(renderReply(reply, { textLimit: 40 }));
    expect(ops).toHaveLength(2);
    expect(ops[0]).not.toHaveProperty("storedButtons");
    const last = ops[1];
    const sent = last?.keyboard?.inline_keyboard
      .flat()
      .map((button) => ("callback_data" in button ? button.callback_data : undefined));
    expect(sent).toEqual([buttonKeyOf(long), "short", buttonKeyOf(long), buttonKeyOf(other)]);
    expect(last?.storedButtons).toEqual([
      { key: buttonKeyOf(long), data: long },
      { key: buttonKeyOf(other), data: other },
    ]);
    // The outbox renders a reply again to resume it: the keys must not change.
    expect(renderReply(reply, { textLimit: 40 })).toEqual(ops);
  });

  it("refuses data longer than the core's BUTTON_DATA_MAX", () => {
    const data = "d".repeat(BUTTON_DATA_MAX + 1);
    expect(() => renderReply(asked("x", [[{ label: "a", data }]]))).toThrow(/1-2000 characters/);
  });

  it("refuses empty callback data and empty labels", () => {
    expect(() => renderReply(asked("x", [[{ label: "a", data: "" }]]))).toThrow(
      TelegramRenderError,
    );
    expect(() => renderReply(asked("x", [[{ label: " ", data: "a" }]]))).toThrow(/label/);
  });
});

describe("renderReply: files", () => {
  const base64 = Buffer.from("第一季度通报").toString("base64");
  const file = {
    kind: "file",
    fileName: "circular.md",
    mimeType: "text/markdown",
    base64,
  } as const;

  it("sends a document with its decoded bytes and an HTML caption", () => {
    const [op] = renderReply({ ...file, caption: [rich.bold("2022Q2"), rich.plain(" <draft>")] });
    expect(op).toMatchObject({
      method: "sendDocument",
      fileName: "circular.md",
      captionHtml: "<b>2022Q2</b> &lt;draft&gt;",
    });
    if (op?.method !== "sendDocument") throw new Error("not a document");
    expect(op.bytes.toString("utf8")).toBe("第一季度通报");
  });

  it("takes a caption of 1024 characters, and sends a longer one as messages after the file", () => {
    const [fits] = renderReply({ ...file, caption: [rich.plain("c".repeat(1024))] });
    expect(fits).toMatchObject({ captionHtml: "c".repeat(1024) });
    const long = renderReply({ ...file, caption: [rich.plain("c".repeat(5000))] });
    expect(long.map((op) => op.method)).toEqual(["sendDocument", "sendMessage", "sendMessage"]);
    expect(long[0]).not.toHaveProperty("captionHtml");
  });

  it("sends no caption for a blank one, and refuses an empty file", () => {
    expect(renderReply({ ...file, caption: [rich.plain("  ")] })).toEqual([
      { method: "sendDocument", fileName: "circular.md", bytes: Buffer.from("第一季度通报") },
    ]);
    expect(() => renderReply({ ...file, base64: "" })).toThrow(/empty/);
  });
});
