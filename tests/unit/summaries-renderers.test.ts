import { describe, expect, it } from "vitest";
import { plainText } from "../../src/core/reply.js";
import {
  renderSummaryBlocks,
  SLACK_LIMITS,
  splitText,
} from "../../src/platforms/slack/render-summary-blocks.js";
import { renderTelegramHtml, summaryReplies } from "../../src/platforms/telegram/render-summary.js";
import { compileCircular } from "../../src/summaries/compile-circular.js";
import { renderMarkdown } from "../../src/summaries/render-markdown.js";
import type { SummaryDocument } from "../../src/summaries/summary-document.js";
import { ankangInput } from "./summaries-fixture.js";

const circular = compileCircular(ankangInput(), { quarter: "2022Q2", number: 2 }).document;

/** A circular whose task paragraphs are long: 30 paragraphs of ~300 characters. */
function longCircular(): SummaryDocument {
  const sentence =
    "开展秸秆禁烧巡查暗访工作，持续传导压力，推进秸秆禁烧工作，共发现火点（黑斑）67处。";
  return {
    ...circular,
    blocks: Array.from({ length: 30 }, (_, index) => ({
      kind: "paragraph" as const,
      text: `第${index + 1}段：${sentence.repeat(7)}`,
    })),
  };
}

const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");

describe("summary renderers", () => {
  it("Markdown: issuer, number, title, heading levels, signature lines and 抄送", () => {
    const md = renderMarkdown(circular);
    expect(md.startsWith("安康市生态环境局\n\n第2期\n\n# 关于第二季度")).toBe(true);
    expect(md).toContain("\n## 一、主要成效\n");
    expect(md).toContain("\n### （一）整治工作全面部署\n");
    expect(md).toContain("\n#### 1.着力解决大气质量改善难度加大问题，打好蓝天保卫战。\n");
    expect(md).toContain("安康市生态环境局  \n2022年6月30日");
    expect(md).toContain("---\n\n抄送：市纪委。");
    const escaped = renderMarkdown({
      kind: "digest",
      locale: "zh-CN",
      title: "t",
      blocks: [
        { kind: "paragraph", text: "# 不是标题 *不是粗体*" },
        { kind: "list", items: ["a_b"] },
        { kind: "note", text: "（已更新）" },
      ],
    });
    expect(escaped).toContain("\\# 不是标题 \\*不是粗体\\*");
    expect(escaped).toContain("- a\\_b");
    expect(escaped).toContain("> （已更新）");
  });

  it("Telegram: one reply, bold title and headings, paragraphs apart", () => {
    const [reply, ...rest] = summaryReplies(circular);
    expect(rest).toEqual([]);
    if (reply?.kind !== "message") throw new Error("not a message");
    expect(reply.text).toContainEqual({ text: circular.title, style: "bold" });
    expect(reply.text).toContainEqual({ text: "一、主要成效", style: "bold" });
    expect(plainText(reply.text)).toContain("各分局，局机关各科室、局属各单位：\n\n按照市纪委");
    const [html] = renderTelegramHtml(circular);
    expect(html).toContain(`<b>${circular.title}</b>`);
  });

  it("Telegram: a circular longer than 4096 characters splits at paragraph boundaries", () => {
    const doc = longCircular();
    const messages = renderTelegramHtml(doc);
    expect(messages.length).toBeGreaterThan(1);
    for (const html of messages) {
      const text = visible(html);
      expect(text.length).toBeLessThanOrEqual(4096);
      // Every message ends at the end of a paragraph and the next starts with one.
      expect(text.endsWith("67处。")).toBe(true);
    }
    for (const html of messages.slice(1)) expect(visible(html)).toMatch(/^第\d+段：/);
    const all = messages.map(visible).join("\n\n");
    for (const block of doc.blocks)
      if (block.kind === "paragraph") expect(all).toContain(block.text);
  });

  it("Slack: a header, escaped mrkdwn sections, at most 50 blocks a message and 3000 characters a text", () => {
    const [first] = renderSummaryBlocks(circular);
    expect(first?.[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: circular.title, emoji: true },
    });
    expect(first).toContainEqual({
      type: "section",
      text: { type: "mrkdwn", text: "*一、主要成效*" },
    });
    expect(first).toContainEqual({ type: "divider" });

    const long: SummaryDocument = {
      kind: "digest",
      locale: "zh-CN",
      title: "周报",
      blocks: [
        { kind: "paragraph", text: "A <b> & c。".repeat(800) },
        ...Array.from({ length: 120 }, (_, index) => ({
          kind: "paragraph" as const,
          text: `第${index}段。`,
        })),
      ],
    };
    const messages = renderSummaryBlocks(long);
    expect(messages.length).toBe(Math.ceil(messages.flat().length / 50));
    for (const message of messages)
      expect(message.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    const sections = messages
      .flat()
      .flatMap((block) => (block.type === "section" ? [block.text.text] : []));
    for (const text of sections) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    const split = sections.filter((text) => text.startsWith("A &lt;b&gt; &amp; c"));
    expect(split.length).toBeGreaterThan(1);
    for (const text of split) expect(text.endsWith("。")).toBe(true);
    expect(split.join("")).toBe("A &lt;b&gt; &amp; c。".repeat(800));
  });

  it("Slack: splits at '. ' and never inside an escape", () => {
    expect(splitText("One. Two. Three.", 10)).toEqual(["One. Two.", "Three."]);
    const pieces = splitText("&amp;".repeat(10), 12);
    for (const piece of pieces) expect(piece).toMatch(/^(&amp;)+$/);
  });
});
