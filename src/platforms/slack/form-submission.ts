import { z } from "zod";
import type { Form, FormErrors } from "../../core/form.js";
import { cutText } from "./cut-text.js";
import { FORM_INPUT_ACTION_ID, fieldBlockId, isFieldBlockId } from "./form-block-ids.js";
import { SLACK_FORM_ERROR_MAX } from "./slack-limits.js";

/**
 * What a `view_submission` payload's view holds of the inputs (the parts duban reads); the
 * reader takes any value, as a payload may not match.
 */
export interface SubmittedView {
  state: {
    values: Record<
      string,
      Record<
        string,
        { type: string; value?: string | null; selected_option?: { value: string } | null }
      >
    >;
  };
}

const ZState = z.object({
  state: z.object({ values: z.record(z.string(), z.record(z.string(), z.unknown()).catch({})) }),
});

/** An element's state; a property of the wrong shape reads as absent, never as a failure. */
const ZElement = z.object({
  value: z.string().nullish().catch(undefined),
  selected_option: z.object({ value: z.string() }).nullish().catch(undefined),
});

/**
 * What was typed into a submitted form modal: each field's text by field id (a text input's
 * value, a select's chosen option's value; "" for a field left empty or sent in a shape
 * this does not know). Slack's payload is outside input, so it is checked and never thrown
 * on: an odd payload gives no values. With `form`, every field of the form is there and
 * blocks that are not its fields are left out; without, every block with a field element.
 */
export function readFormSubmission(
  view: unknown,
  form?: Pick<Form, "fields">,
): Record<string, string> {
  const parsed = ZState.safeParse(view);
  const blocks = parsed.success ? parsed.data.state.values : {};
  const typed = new Map<string, string>();
  for (const [blockId, actions] of Object.entries(blocks)) {
    if (!isFieldBlockId(blockId) || !Object.hasOwn(actions, FORM_INPUT_ACTION_ID)) continue;
    const element = ZElement.safeParse(actions[FORM_INPUT_ACTION_ID]);
    const state = element.success ? element.data : {};
    typed.set(blockId, state.value ?? state.selected_option?.value ?? "");
  }
  if (!form) return Object.fromEntries(typed);
  return Object.fromEntries(
    form.fields.map((field) => [field.id, typed.get(field.id) ?? ""] as const),
  );
}

/** Slack's answer to a view_submission that shows errors under the fields instead of closing. */
export interface FormErrorsResponse {
  response_action: "errors";
  /** Error message by the field's block id. */
  errors: Record<string, string>;
}

/**
 * The answer that shows `errors` under their fields in the open modal, each message cut to
 * `SLACK_FORM_ERROR_MAX` characters; a field id no block can have, or a blank message, is
 * left out (Slack refuses an error for a block the view does not have).
 */
export function formErrorsResponse(errors: FormErrors): FormErrorsResponse {
  const shown = Object.entries(errors)
    .filter(([fieldId, message]) => isFieldBlockId(fieldId) && message.trim() !== "")
    .map(([fieldId, message]) => [
      fieldBlockId(fieldId),
      cutText(message.trim(), SLACK_FORM_ERROR_MAX),
    ]);
  return { response_action: "errors", errors: Object.fromEntries(shown) };
}
