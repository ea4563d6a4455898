import { describe, expect, it } from "vitest";
import { answeredBlocks } from "../../src/platforms/slack/answered-message.js";

/** A message as Slack sends it back with a block_actions payload. */
const posted: unknown[] = [
  {
    type: "section",
    block_id: "q",
    text: { type: "mrkdwn", text: "进展正常吗？", verbatim: true },
  },
  {
    type: "actions",
    block_id: "a1",
    elements: [
      {
        type: "button",
        action_id: "duban:0:0",
        text: { type: "plain_text", text: "正常" },
        value: "y",
      },
      {
        type: "button",
        action_id: "duban:0:1",
        text: { type: "plain_text", text: "<滞后>" },
        value: "n",
      },
    ],
  },
  { type: "some_future_block", block_id: "f", whatever: [1, 2] },
  { type: "actions", elements: [] },
];

describe("answeredBlocks", () => {
  it("removes the buttons and shows what was chosen, escaped", () => {
    expect(answeredBlocks(posted, { actionId: "duban:0:1", label: "<滞后> & more" })).toEqual([
      posted[0],
      posted[2],
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: "✓ &lt;滞后&gt; &amp; more", verbatim: true }],
      },
    ]);
  });

  it("takes the pressed button's own text when no label is given", () => {
    const blocks = answeredBlocks(posted, { actionId: "duban:0:1", label: " " });
    expect(blocks.at(-1)).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "✓ &lt;滞后&gt;", verbatim: true }],
    });
  });

  it("tolerates entries that are not blocks", () => {
    const odd: unknown[] = [null, 3, "x", { text: "no type" }, { type: "divider" }];
    expect(answeredBlocks(odd, { actionId: "nope", label: "" })).toEqual([{ type: "divider" }]);
  });

  it("stays within 50 blocks", () => {
    const full = Array.from({ length: 50 }, () => ({ type: "divider" }));
    expect(answeredBlocks(full, { actionId: "a", label: "ok" })).toHaveLength(50);
  });
});
