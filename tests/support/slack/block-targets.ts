/**
 * What a user can act on in what the bot posted: the buttons in a message's or view's blocks,
 * and the state values a modal's input blocks produce when filled in. Both read the blocks the
 * fake stored, so a test clicks and types into exactly what the bot sent.
 */
import { isRecord } from "./narrow.js";

/** An action_id, or a finer match when several buttons share one (by value or label). */
export type ButtonSelector = string | { actionId?: string; value?: string; text?: string };

export interface FoundButton {
  blockId: string;
  button: Record<string, unknown>;
}

function buttonsOf(blocks: readonly unknown[]): FoundButton[] {
  const found: FoundButton[] = [];
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    const blockId = typeof block.block_id === "string" ? block.block_id : "";
    const candidates =
      block.type === "actions" && Array.isArray(block.elements)
        ? block.elements
        : [block.accessory];
    for (const el of candidates) {
      if (isRecord(el) && el.type === "button") found.push({ blockId, button: el });
    }
  }
  return found;
}

function labelOf(button: Record<string, unknown>): string {
  return isRecord(button.text) && typeof button.text.text === "string" ? button.text.text : "";
}

/** The one button matching `selector`; throws, listing the buttons there are, otherwise. */
export function findButton(blocks: readonly unknown[], selector: ButtonSelector): FoundButton {
  const want = typeof selector === "string" ? { actionId: selector } : selector;
  const all = buttonsOf(blocks);
  const matches = all.filter(
    ({ button }) =>
      (want.actionId === undefined || button.action_id === want.actionId) &&
      (want.value === undefined || button.value === want.value) &&
      (want.text === undefined || labelOf(button) === want.text),
  );
  const [only] = matches;
  if (only && matches.length === 1) return only;
  const listed = all.map(
    ({ button }) => `${String(button.action_id)}=${String(button.value)} "${labelOf(button)}"`,
  );
  const problem = matches.length === 0 ? "no button matches" : `${matches.length} buttons match`;
  throw new Error(
    `${problem} ${JSON.stringify(selector)}; the buttons are: ${listed.join(", ") || "none"}`,
  );
}

export interface InputValue {
  type: string;
  value?: string | null;
  selected_option?: Record<string, unknown> | null;
  selected_options?: Record<string, unknown>[];
  selected_date?: string | null;
  selected_time?: string | null;
  selected_user?: string | null;
  selected_conversation?: string | null;
}

/** view_submission `state.values`: block_id → action_id → the element's value. */
export type ViewValues = Record<string, Record<string, InputValue>>;

interface InputBlock {
  blockId: string;
  actionId: string;
  optional: boolean;
  element: Record<string, unknown>;
}

export function inputBlocksOf(view: { blocks: readonly unknown[] }): InputBlock[] {
  return view.blocks.flatMap((block) => {
    if (!isRecord(block) || block.type !== "input" || !isRecord(block.element)) return [];
    const { element } = block;
    if (typeof block.block_id !== "string" || typeof element.action_id !== "string") return [];
    return [
      {
        blockId: block.block_id,
        actionId: element.action_id,
        optional: block.optional === true,
        element,
      },
    ];
  });
}

function optionsOf(element: Record<string, unknown>): Record<string, unknown>[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g) =>
        isRecord(g) && Array.isArray(g.options) ? g.options : [],
      )
    : [];
  return [...direct, ...grouped].filter(isRecord);
}

function pickOption(input: InputBlock, value: string): Record<string, unknown> {
  const option = optionsOf(input.element).find((o) => o.value === value);
  if (!option)
    throw new Error(`input ${input.blockId} offers no option with value ${JSON.stringify(value)}`);
  return option;
}

function valueFor(input: InputBlock, given: string | undefined): InputValue {
  const type = String(input.element.type);
  switch (type) {
    case "static_select":
    case "radio_buttons":
      return { type, selected_option: given === undefined ? null : pickOption(input, given) };
    case "multi_static_select":
    case "checkboxes": {
      const chosen = given === undefined || given === "" ? [] : given.split(",");
      return { type, selected_options: chosen.map((v) => pickOption(input, v)) };
    }
    case "datepicker":
      return { type, selected_date: given ?? null };
    case "timepicker":
      return { type, selected_time: given ?? null };
    case "users_select":
      return { type, selected_user: given ?? null };
    case "conversations_select":
      return { type, selected_conversation: given ?? null };
    default:
      // plain_text_input, number_input, email_text_input, url_text_input: what was typed.
      return { type, value: given ?? null };
  }
}

/**
 * The block ids of a view's inputs by their labels as shown, for forms whose block ids are
 * not for people (database ids): `formValues(view, byLabel(view, { "Next steps": "…" }))`.
 * Throws for a label the view does not show.
 */
export function byLabel(
  view: { blocks: readonly unknown[] },
  byLabelText: Record<string, string>,
): Record<string, string> {
  const labels = new Map<string, string>();
  for (const block of view.blocks) {
    if (!isRecord(block) || block.type !== "input" || typeof block.block_id !== "string") continue;
    if (isRecord(block.label) && typeof block.label.text === "string")
      labels.set(block.label.text, block.block_id);
  }
  return Object.fromEntries(
    Object.entries(byLabelText).map(([label, value]) => {
      const blockId = labels.get(label);
      if (blockId === undefined) {
        throw new Error(
          `the view has no input labelled ${JSON.stringify(label)}; it has ${[...labels.keys()].join(", ")}`,
        );
      }
      return [blockId, value];
    }),
  );
}

/**
 * The state values of a view with its input blocks filled in: `byBlockId` gives what the user
 * typed or the value of the option chosen (comma-separated for multi-selects and checkboxes).
 * Inputs left out are empty, which Slack sends as null.
 */
export function formValues(
  view: { blocks: readonly unknown[] },
  byBlockId: Record<string, string>,
): ViewValues {
  const inputs = inputBlocksOf(view);
  for (const blockId of Object.keys(byBlockId)) {
    if (!inputs.some((i) => i.blockId === blockId)) {
      throw new Error(
        `the view has no input block ${blockId}; it has ${inputs.map((i) => i.blockId).join(", ")}`,
      );
    }
  }
  const values: ViewValues = {};
  for (const input of inputs)
    values[input.blockId] = { [input.actionId]: valueFor(input, byBlockId[input.blockId]) };
  return values;
}

/**
 * What the Slack client would not let the user submit: a required input left empty, text
 * outside the input's length bounds, a number outside its range or with decimals not allowed.
 * Returns the reason, or undefined when the client would submit.
 */
export function unsubmittable(
  view: { blocks: readonly unknown[] },
  values: ViewValues,
): string | undefined {
  for (const input of inputBlocksOf(view)) {
    const entry = values[input.blockId]?.[input.actionId];
    const filled =
      entry &&
      Object.entries(entry).some(
        ([k, v]) => k !== "type" && v !== null && !(Array.isArray(v) && v.length === 0),
      );
    if (!filled) {
      if (!input.optional) return `required input ${input.blockId} is empty`;
      continue;
    }
    const { element } = input;
    const text = entry.value;
    if (typeof text !== "string") continue;
    if (typeof element.max_length === "number" && text.length > element.max_length) {
      return `input ${input.blockId} is longer than its max_length ${element.max_length}`;
    }
    if (typeof element.min_length === "number" && text.length < element.min_length) {
      return `input ${input.blockId} is shorter than its min_length ${element.min_length}`;
    }
    if (element.type === "number_input") {
      const n = Number(text);
      if (text.trim() === "" || Number.isNaN(n)) return `input ${input.blockId} is not a number`;
      if (element.is_decimal_allowed !== true && !Number.isInteger(n))
        return `input ${input.blockId} takes whole numbers`;
      if (typeof element.min_value === "string" && n < Number(element.min_value))
        return `input ${input.blockId} is below min_value`;
      if (typeof element.max_value === "string" && n > Number(element.max_value))
        return `input ${input.blockId} is above max_value`;
    }
  }
  return undefined;
}
