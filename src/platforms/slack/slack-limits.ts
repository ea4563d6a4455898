/**
 * Slack's limits, as its Block Kit and Web API reference documents them, counted in
 * characters (UTF-16 code units, as JavaScript counts them). Where Slack documents none,
 * the constant says what it is based on instead.
 */

/** A section block's text (`text.text`), and any other text object's. */
export const SLACK_SECTION_TEXT_MAX = 3000;

/** Blocks in one message (chat.postMessage, chat.update). */
export const SLACK_MESSAGE_BLOCKS_MAX = 50;

/** A message's top-level `text`: Slack truncates a longer one. */
export const SLACK_MESSAGE_TEXT_MAX = 40_000;

/**
 * The text of all the blocks of one message together. Not documented: chat.postMessage
 * refuses blocks whose texts add up to about 12,000 characters with `msg_blocks_too_long`
 * (slackapi/bolt-js#2509, #2867), well under the 50 × 3000 the per-block limits allow.
 * 8,000 leaves room for what Slack counts beyond the texts.
 */
export const SLACK_MESSAGE_BLOCKS_TEXT_MAX = 8000;

/** Elements in one actions block. */
export const SLACK_ACTIONS_ELEMENTS_MAX = 25;

/** A button's label (`text.text`). */
export const SLACK_BUTTON_TEXT_MAX = 75;

/** A button's `value`: what comes back when it is pressed. */
export const SLACK_BUTTON_VALUE_MAX = 2000;

/** An element's `action_id`, and a block's `block_id`. */
export const SLACK_ACTION_ID_MAX = 255;
export const SLACK_BLOCK_ID_MAX = 255;

/** Blocks in a view (a modal, the App Home). */
export const SLACK_VIEW_BLOCKS_MAX = 100;

/** A modal's title, and the text of its submit and close buttons. */
export const SLACK_MODAL_TITLE_MAX = 24;
export const SLACK_MODAL_BUTTON_TEXT_MAX = 24;

/** A view's `callback_id` and `private_metadata`. */
export const SLACK_CALLBACK_ID_MAX = 255;
export const SLACK_PRIVATE_METADATA_MAX = 3000;

/** An input block's label and hint. */
export const SLACK_INPUT_LABEL_MAX = 2000;
export const SLACK_INPUT_HINT_MAX = 2000;

/** The most a plain_text_input's `max_length` may be, and so the most it holds. */
export const SLACK_PLAIN_TEXT_INPUT_MAX = 3000;

/** A static_select's options, and each option's label and value. */
export const SLACK_SELECT_OPTIONS_MAX = 100;
export const SLACK_OPTION_TEXT_MAX = 75;
export const SLACK_OPTION_VALUE_MAX = 150;

/**
 * A field error shown under an input in a modal (`response_action: "errors"`). Not
 * documented: Slack shows it as one short line under the field, so it is kept short.
 */
export const SLACK_FORM_ERROR_MAX = 150;

/**
 * The comment posted with a file (files.uploadV2 `initial_comment`). Not documented: kept to
 * what a section is known to hold; a longer caption follows the file as messages.
 */
export const SLACK_INITIAL_COMMENT_MAX = 3000;

/** The largest file Slack accepts (1 GB). */
export const SLACK_FILE_BYTES_MAX = 1024 * 1024 * 1024;
