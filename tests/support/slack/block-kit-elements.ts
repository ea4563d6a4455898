/**
 * Block Kit elements (buttons, selects, inputs…) with their required fields and Slack's
 * documented limits, and which of them each place in a block accepts.
 */
import {
  arrayField,
  booleanField,
  field,
  type Obj,
  type Out,
  report,
  stringField,
  textField,
} from "./block-kit-fields.js";
import { isRecord } from "./narrow.js";

function checkConfirm(value: unknown, at: string, out: Out): void {
  if (!isRecord(value)) {
    report(out, at, "must be an object");
    return;
  }
  textField(value, "title", at, out, 100, { plain: true, required: true });
  textField(value, "text", at, out, 300, { required: true });
  textField(value, "confirm", at, out, 30, { plain: true, required: true });
  textField(value, "deny", at, out, 30, { plain: true, required: true });
}

function checkOption(value: unknown, at: string, out: Out, plainText: boolean): void {
  if (!isRecord(value)) {
    report(out, at, "must be an option object");
    return;
  }
  textField(value, "text", at, out, 75, { plain: plainText, required: true });
  stringField(value, "value", at, out, 150, true);
  textField(value, "description", at, out, 75, { plain: plainText });
}

function optionsField(el: Obj, at: string, out: Out, max: number, plainText: boolean): void {
  arrayField(el, "options", at, out, { min: 1, max, required: true }, (o, p) =>
    checkOption(o, p, out, plainText),
  );
}

/** The `initial_option(s)` must be among the element's options, or Slack refuses the block. */
function initialOptionsField(el: Obj, key: string, at: string, out: Out): void {
  const offered = new Set<string>();
  const collect = (list: unknown) => {
    if (Array.isArray(list)) for (const o of list) if (isRecord(o)) offered.add(String(o.value));
  };
  collect(el.options);
  if (Array.isArray(el.option_groups)) {
    for (const group of el.option_groups) if (isRecord(group)) collect(group.options);
  }
  const chosen = el[key];
  if (chosen === undefined) return;
  const list = Array.isArray(chosen) ? chosen : [chosen];
  list.forEach((o, index) => {
    const p = Array.isArray(chosen) ? `${at}/${key}/${index}` : `${at}/${key}`;
    if (!isRecord(o) || !offered.has(String(o.value))) {
      report(out, p, "must match one of the provided options");
    }
  });
}

function actionIdField(el: Obj, at: string, out: Out): void {
  stringField(el, "action_id", at, out, 255, true);
}
function placeholderField(el: Obj, at: string, out: Out): void {
  textField(el, "placeholder", at, out, 150, { plain: true });
}

type ElementRule = (el: Obj, at: string, out: Out) => void;

function selectRule(multi: boolean): ElementRule {
  return (el, at, out) => {
    actionIdField(el, at, out);
    placeholderField(el, at, out);
    const hasOptions = el.options !== undefined;
    const hasGroups = el.option_groups !== undefined;
    if (hasOptions === hasGroups)
      report(out, at, "must provide exactly one of options, option_groups");
    if (hasOptions) optionsField(el, at, out, 100, true);
    arrayField(el, "option_groups", at, out, { min: 1, max: 100, required: false }, (g, p) => {
      if (!isRecord(g)) {
        report(out, p, "must be an option group");
        return;
      }
      textField(g, "label", p, out, 75, { plain: true, required: true });
      optionsField(g, p, out, 100, true);
    });
    initialOptionsField(el, multi ? "initial_options" : "initial_option", at, out);
    if (el.confirm !== undefined) checkConfirm(el.confirm, `${at}/confirm`, out);
  };
}

function textInputRule(el: Obj, at: string, out: Out): void {
  actionIdField(el, at, out);
  placeholderField(el, at, out);
  stringField(el, "initial_value", at, out, 3000);
}

function pickerRule(key: string, pattern: RegExp): ElementRule {
  return (el, at, out) => {
    actionIdField(el, at, out);
    placeholderField(el, at, out);
    field(el, key, at, out, false, (v, p) => {
      if (typeof v !== "string" || !pattern.test(v)) report(out, p, "is not a valid value");
    });
  };
}

const ELEMENTS: Record<string, ElementRule> = {
  button(el, at, out) {
    textField(el, "text", at, out, 75, { plain: true, required: true });
    actionIdField(el, at, out);
    stringField(el, "value", at, out, 2000);
    stringField(el, "url", at, out, 3000);
    stringField(el, "accessibility_label", at, out, 75);
    field(el, "style", at, out, false, (v, p) => {
      if (v !== "primary" && v !== "danger") report(out, p, "must be one of primary, danger");
    });
    if (el.confirm !== undefined) checkConfirm(el.confirm, `${at}/confirm`, out);
  },
  static_select: selectRule(false),
  multi_static_select: selectRule(true),
  overflow(el, at, out) {
    actionIdField(el, at, out);
    optionsField(el, at, out, 5, true);
  },
  checkboxes(el, at, out) {
    actionIdField(el, at, out);
    optionsField(el, at, out, 10, false);
    initialOptionsField(el, "initial_options", at, out);
  },
  radio_buttons(el, at, out) {
    actionIdField(el, at, out);
    optionsField(el, at, out, 10, false);
    initialOptionsField(el, "initial_option", at, out);
  },
  users_select: pickerRule("initial_user", /^[UW][A-Z0-9]+$/),
  conversations_select: pickerRule("initial_conversation", /^[CGD][A-Z0-9]+$/),
  datepicker: pickerRule("initial_date", /^\d{4}-\d{2}-\d{2}$/),
  timepicker: pickerRule("initial_time", /^([01]\d|2[0-3]):[0-5]\d$/),
  plain_text_input(el, at, out) {
    textInputRule(el, at, out);
    booleanField(el, "multiline", at, out);
    const length = (key: string, min: number) =>
      field(el, key, at, out, false, (v, p) => {
        if (typeof v !== "number" || !Number.isInteger(v)) {
          report(out, p, "must be an integer");
          return;
        }
        if (v > 3000) report(out, p, "must be less than or equal to 3000");
        if (v < min) report(out, p, `must be greater than or equal to ${min}`);
      });
    length("min_length", 0);
    length("max_length", 1);
    if (typeof el.min_length === "number" && typeof el.max_length === "number") {
      if (el.min_length > el.max_length) report(out, at, "min_length must not exceed max_length");
    }
  },
  number_input(el, at, out) {
    actionIdField(el, at, out);
    placeholderField(el, at, out);
    // Slack requires this flag even for integer-only inputs.
    field(el, "is_decimal_allowed", at, out, true, (v, p) => {
      if (typeof v !== "boolean") report(out, p, "must be a boolean");
    });
    for (const key of ["initial_value", "min_value", "max_value"]) {
      field(el, key, at, out, false, (v, p) => {
        if (typeof v !== "string" || Number.isNaN(Number(v)))
          report(out, p, "must be a number string");
      });
    }
  },
  email_text_input: textInputRule,
  url_text_input: textInputRule,
  image(el, at, out) {
    if (el.image_url === undefined && el.slack_file === undefined) {
      report(out, at, "must provide one of image_url, slack_file");
    }
    stringField(el, "image_url", at, out, 3000);
    stringField(el, "alt_text", at, out, 2000, true);
  },
};

const INTERACTIVE = ["button", "static_select", "multi_static_select", "overflow", "datepicker"];
const CHOICES = [
  "timepicker",
  "checkboxes",
  "radio_buttons",
  "users_select",
  "conversations_select",
];
export const ACTIONS_ELEMENTS = new Set([...INTERACTIVE, ...CHOICES]);
export const ACCESSORY_ELEMENTS = new Set([...INTERACTIVE, ...CHOICES, "image"]);
export const INPUT_ELEMENTS = new Set([
  ...CHOICES,
  "static_select",
  "multi_static_select",
  "datepicker",
  "plain_text_input",
  "number_input",
  "email_text_input",
  "url_text_input",
]);

export function checkElement(
  value: unknown,
  at: string,
  out: Out,
  allowed: ReadonlySet<string>,
): void {
  if (!isRecord(value)) {
    report(out, at, "must be an element object");
    return;
  }
  if (typeof value.type !== "string") {
    report(out, at, "missing required field: type");
    return;
  }
  const rule = ELEMENTS[value.type];
  if (!rule || !allowed.has(value.type)) {
    report(out, `${at}/type`, `element type ${value.type} is not allowed here`);
    return;
  }
  rule(value, at, out);
}
