import type { ActionsBlock, Button } from "@slack/types";
import type { ButtonRows } from "../../core/reply.js";
import { cutText } from "./cut-text.js";
import {
  SLACK_ACTIONS_ELEMENTS_MAX,
  SLACK_BUTTON_TEXT_MAX,
  SLACK_BUTTON_VALUE_MAX,
} from "./slack-limits.js";
import { SlackRenderError } from "./slack-render-error.js";

/**
 * What every action id of duban's buttons starts with, so the adapter tells a press of its
 * own buttons from any other interaction. The button's `value` carries the reply's data.
 */
export const BUTTON_ACTION_PREFIX = "duban:";

/**
 * Button rows as actions blocks, one per row (a row longer than Slack's 25 elements goes on
 * in further blocks). Each button's action id is `<prefix><scope>:<row>:<column>`: unique in
 * the message and the same every time the reply is rendered. Labels are cut to 75
 * characters. Throws `SlackRenderError` for a button Slack would refuse: an empty label, or
 * data outside 1-2000 characters.
 *
 * @param scope what makes the ids unique beyond the rows: "" in a message, the reply's index
 * in a view holding several replies.
 */
export function renderButtonRows(rows: ButtonRows, scope = ""): ActionsBlock[] {
  const blocks: ActionsBlock[] = [];
  rows.forEach((row, rowIndex) => {
    const buttons = row.map((button, column): Button => {
      if (button.label.trim() === "") throw new SlackRenderError("a button has an empty label");
      if (button.data.length < 1 || button.data.length > SLACK_BUTTON_VALUE_MAX) {
        throw new SlackRenderError(
          `button data must be 1-${SLACK_BUTTON_VALUE_MAX} characters, got ${button.data.length}`,
        );
      }
      return {
        type: "button",
        text: {
          type: "plain_text",
          text: cutText(button.label, SLACK_BUTTON_TEXT_MAX),
          emoji: true,
        },
        action_id: `${BUTTON_ACTION_PREFIX}${scope === "" ? "" : `${scope}:`}${rowIndex}:${column}`,
        value: button.data,
      };
    });
    for (let start = 0; start < buttons.length; start += SLACK_ACTIONS_ELEMENTS_MAX) {
      blocks.push({
        type: "actions",
        elements: buttons.slice(start, start + SLACK_ACTIONS_ELEMENTS_MAX),
      });
    }
  });
  return blocks;
}

/** The characters of the buttons' labels and values, which count towards a message's size. */
export function buttonsTextLength(blocks: ActionsBlock[]): number {
  let length = 0;
  for (const block of blocks) {
    for (const element of block.elements) {
      if (element.type !== "button") continue;
      length += element.text.text.length + (element.value?.length ?? 0);
    }
  }
  return length;
}
