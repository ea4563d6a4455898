import { SLACK_BLOCK_ID_MAX } from "./slack-limits.js";
import { SlackRenderError } from "./slack-render-error.js";

/** The `action_id` of every form field's element: its block id already names the field. */
export const FORM_INPUT_ACTION_ID = "value";

/**
 * The `block_id` of a form field's input block: the field's id itself (the core keeps it to
 * 200 characters, within Slack's 255), so a submission names its fields without the form.
 * Throws `SlackRenderError` for an id Slack cannot hold.
 */
export function fieldBlockId(fieldId: string): string {
  if (!isFieldBlockId(fieldId)) {
    throw new SlackRenderError(`field id must be 1-${SLACK_BLOCK_ID_MAX} characters`);
  }
  return fieldId;
}

/** Whether `blockId` can be a field's block id (and so its field's id). */
export function isFieldBlockId(blockId: string): boolean {
  return blockId.length >= 1 && blockId.length <= SLACK_BLOCK_ID_MAX;
}
