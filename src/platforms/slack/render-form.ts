import type {
  InputBlock,
  ModalView,
  PlainTextElement,
  PlainTextInput,
  PlainTextOption,
  StaticSelect,
} from "@slack/types";
import type { Form, FormField } from "../../core/form.js";
import { cutAt, cutText } from "./cut-text.js";
import { FORM_INPUT_ACTION_ID, fieldBlockId } from "./form-block-ids.js";
import {
  SLACK_CALLBACK_ID_MAX,
  SLACK_INPUT_HINT_MAX,
  SLACK_INPUT_LABEL_MAX,
  SLACK_MODAL_BUTTON_TEXT_MAX,
  SLACK_MODAL_TITLE_MAX,
  SLACK_OPTION_TEXT_MAX,
  SLACK_OPTION_VALUE_MAX,
  SLACK_PLAIN_TEXT_INPUT_MAX,
  SLACK_PRIVATE_METADATA_MAX,
  SLACK_SELECT_OPTIONS_MAX,
  SLACK_VIEW_BLOCKS_MAX,
} from "./slack-limits.js";
import { SlackRenderError } from "./slack-render-error.js";
import { sectionBlock, sectionTexts } from "./slack-sections.js";

export { formErrorsResponse, readFormSubmission } from "./form-submission.js";

/** Where the modal comes back to duban: Slack returns both with the submission. */
export interface FormModalOptions {
  /** Names the kind of view (`view_submission` routing), at most 255 characters. */
  callbackId: string;
  /** What the adapter needs back (the form's id, the person), at most 3000 characters. */
  privateMetadata: string;
}

/**
 * A form as a Slack modal (views.open): its title, submit and close labels cut to Slack's 24
 * characters, the intro as sections, then one input block per field whose `block_id` is
 * the field's id (see `fieldBlockId`) and whose element's `action_id` is "value": a text
 * field is a plain_text_input, a multiline one the same with `multiline`, a choice a
 * static_select with its options and the initial one selected. Labels and hints are cut to
 * Slack's limits; an initial value longer than the input holds is cut to fit. Throws
 * `SlackRenderError` for a form Slack would refuse: a field id that is empty, too long or
 * repeated, a choice without options or with an option value over 150 characters, more
 * than 100 blocks, or callback id or metadata too long.
 */
export function renderFormModal(form: Form, options: FormModalOptions): ModalView {
  if (options.callbackId.length > SLACK_CALLBACK_ID_MAX) {
    throw new SlackRenderError(`callback id is over ${SLACK_CALLBACK_ID_MAX} characters`);
  }
  if (options.privateMetadata.length > SLACK_PRIVATE_METADATA_MAX) {
    throw new SlackRenderError(`private metadata is over ${SLACK_PRIVATE_METADATA_MAX} characters`);
  }
  const intro = sectionTexts(form.intro ?? []).map((section) => sectionBlock(section.mrkdwn));
  const seen = new Set<string>();
  const inputs = form.fields.map((field) => {
    if (seen.has(field.id)) throw new SlackRenderError(`field id ${field.id} is repeated`);
    seen.add(field.id);
    return inputBlock(field);
  });
  const blocks = [...intro, ...inputs];
  if (blocks.length > SLACK_VIEW_BLOCKS_MAX) {
    throw new SlackRenderError(
      `the form needs ${blocks.length} blocks, over ${SLACK_VIEW_BLOCKS_MAX}`,
    );
  }
  return {
    type: "modal",
    callback_id: options.callbackId,
    private_metadata: options.privateMetadata,
    title: plain(form.title, SLACK_MODAL_TITLE_MAX, "title"),
    submit: plain(form.submitLabel, SLACK_MODAL_BUTTON_TEXT_MAX, "submit label"),
    close: plain(form.closeLabel, SLACK_MODAL_BUTTON_TEXT_MAX, "close label"),
    blocks,
  };
}

function inputBlock(field: FormField): InputBlock {
  const hint = field.hint?.trim() ? { hint: plain(field.hint, SLACK_INPUT_HINT_MAX, "hint") } : {};
  return {
    type: "input",
    block_id: fieldBlockId(field.id),
    label: plain(field.label, SLACK_INPUT_LABEL_MAX, `label of field ${field.id}`),
    ...hint,
    ...(field.optional ? { optional: true } : {}),
    element: field.kind === "choice" ? staticSelect(field) : textInput(field),
  };
}

function textInput(field: FormField): PlainTextInput {
  // Slack refuses a max_length over 3000, and an initial value longer than the input holds.
  const requested =
    field.maxLength !== undefined && field.maxLength >= 1 ? Math.floor(field.maxLength) : undefined;
  const maxLength = Math.min(requested ?? SLACK_PLAIN_TEXT_INPUT_MAX, SLACK_PLAIN_TEXT_INPUT_MAX);
  const initial = field.initial ? cutAt(field.initial, maxLength) : "";
  return {
    type: "plain_text_input",
    action_id: FORM_INPUT_ACTION_ID,
    ...(field.kind === "multiline" ? { multiline: true } : {}),
    ...(initial !== "" ? { initial_value: initial } : {}),
    ...(requested !== undefined ? { max_length: maxLength } : {}),
  };
}

function staticSelect(field: FormField): StaticSelect {
  const options = (field.options ?? []).map((option): PlainTextOption => {
    if (option.value.length < 1 || option.value.length > SLACK_OPTION_VALUE_MAX) {
      throw new SlackRenderError(
        `an option of field ${field.id} has a value outside 1-${SLACK_OPTION_VALUE_MAX} characters`,
      );
    }
    return {
      text: plain(option.label, SLACK_OPTION_TEXT_MAX, `an option of field ${field.id}`),
      value: option.value,
    };
  });
  if (options.length < 1 || options.length > SLACK_SELECT_OPTIONS_MAX) {
    throw new SlackRenderError(
      `field ${field.id} has ${options.length} options, not 1-${SLACK_SELECT_OPTIONS_MAX}`,
    );
  }
  if (new Set(options.map((option) => option.value)).size !== options.length) {
    throw new SlackRenderError(`field ${field.id} has two options with one value`);
  }
  const initial = options.find((option) => option.value === field.initial);
  return {
    type: "static_select",
    action_id: FORM_INPUT_ACTION_ID,
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

/** A plain_text object of at most `max` characters; Slack refuses an empty one. */
function plain(text: string, max: number, what: string): PlainTextElement {
  const trimmed = text.trim();
  if (trimmed === "") throw new SlackRenderError(`the ${what} is empty`);
  return { type: "plain_text", text: cutText(trimmed, max), emoji: true };
}
