import type { ActionsBlock, Button, ContextBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { type Reply, rich, textMessage } from "../../src/core/reply.js";
import { renderHomeView } from "../../src/platforms/slack/render-home.js";
import { SLACK_VIEW_BLOCKS_MAX } from "../../src/platforms/slack/slack-limits.js";

const labels = { shortened: "（仅显示部分内容）" };

const question: Reply = {
  kind: "message",
  text: [rich.bold("专项整治"), rich.plain(" <@U1>")],
  buttons: [[{ label: "填写周报", data: "report:7" }]],
};

function actionIds(blocks: unknown[]): string[] {
  return blocks
    .filter((block): block is ActionsBlock => (block as ActionsBlock).type === "actions")
    .flatMap((block) => (block.elements as Button[]).map((button) => button.action_id ?? ""));
}

describe("renderHomeView", () => {
  it("shows each reply as sections with its buttons, a divider between replies", () => {
    const view = renderHomeView([question, textMessage("本周：2 项待报"), question], labels);
    expect(view.type).toBe("home");
    expect(view.blocks.map((block) => block.type)).toEqual([
      "section",
      "actions",
      "divider",
      "section",
      "divider",
      "section",
      "actions",
    ]);
    expect(view.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "*专项整治* &lt;@U1&gt;", verbatim: true },
    });
    // The same reply twice still gives action ids unique across the tab.
    expect(actionIds(view.blocks)).toEqual(["duban:0:0:0", "duban:2:0:0"]);
  });

  it("shows a file's caption only, and skips a file without one", () => {
    const file: Reply = { kind: "file", fileName: "a.docx", mimeType: "x", base64: "YQ==" };
    const view = renderHomeView([file, { ...file, caption: [rich.plain("通报")] }], labels);
    expect(view.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "通报", verbatim: true } },
    ]);
  });

  it("cuts at 100 blocks with a last line saying it was shortened", () => {
    const replies = Array.from({ length: 60 }, () => question);
    const view = renderHomeView(replies, labels);
    // 98 blocks of replies (the divider that would have come 99th is left out) and the notice.
    expect(view.blocks).toHaveLength(SLACK_VIEW_BLOCKS_MAX - 1);
    const last = view.blocks.at(-1) as ContextBlock;
    expect(last).toEqual({
      type: "context",
      elements: [{ type: "plain_text", text: "（仅显示部分内容）", emoji: true }],
    });
    expect(view.blocks.at(-2)?.type).not.toBe("divider");
    expect(new Set(actionIds(view.blocks)).size).toBe(actionIds(view.blocks).length);
  });

  it("leaves the tab as it is when everything fits", () => {
    expect(renderHomeView([], labels)).toEqual({ type: "home", blocks: [] });
  });
});
