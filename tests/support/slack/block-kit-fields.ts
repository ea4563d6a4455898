/**
 * The field checks Block Kit validation is built from: strings with Slack's length limits,
 * text objects, arrays with item counts, each problem located by a JSON pointer.
 */
import { isRecord } from "./narrow.js";

export interface BlockProblem {
  pointer: string;
  message: string;
}

export type Out = BlockProblem[];
export type Obj = Record<string, unknown>;

export function report(out: Out, pointer: string, message: string): void {
  out.push({ pointer, message });
}

export function checkString(value: unknown, at: string, out: Out, max: number, min = 0): void {
  if (typeof value !== "string") {
    report(out, at, "must be a string");
    return;
  }
  if (value.length > max) report(out, at, `must be less than ${max + 1} characters`);
  if (value.length < min) report(out, at, `must be more than ${min - 1} characters`);
}

/** Checks `obj[key]` with `check` if present; reports it missing if `required`. */
export function field(
  obj: Obj,
  key: string,
  at: string,
  out: Out,
  required: boolean,
  check: (value: unknown, at: string) => void,
): void {
  const value = obj[key];
  if (value === undefined || value === null) {
    if (required) report(out, at, `missing required field: ${key}`);
    return;
  }
  check(value, `${at}/${key}`);
}

export function stringField(
  obj: Obj,
  key: string,
  at: string,
  out: Out,
  max: number,
  required = false,
) {
  field(obj, key, at, out, required, (v, p) => checkString(v, p, out, max, required ? 1 : 0));
}

export function booleanField(obj: Obj, key: string, at: string, out: Out): void {
  field(obj, key, at, out, false, (v, p) => {
    if (typeof v !== "boolean") report(out, p, "must be a boolean");
  });
}

export function arrayField(
  obj: Obj,
  key: string,
  at: string,
  out: Out,
  limits: { min: number; max: number; required: boolean },
  each: (item: unknown, at: string) => void,
): void {
  field(obj, key, at, out, limits.required, (value, p) => {
    if (!Array.isArray(value)) {
      report(out, p, "must be an array");
      return;
    }
    if (value.length > limits.max) report(out, p, `no more than ${limits.max} items allowed`);
    if (value.length < limits.min) report(out, p, `must provide at least ${limits.min} items`);
    value.forEach((item, index) => {
      each(item, `${p}/${index}`);
    });
  });
}

/** A text object; `plain` when the field only takes plain_text (labels, titles, buttons). */
export function checkText(value: unknown, at: string, out: Out, max: number, plain: boolean): void {
  if (!isRecord(value)) {
    report(out, at, "must be a text object");
    return;
  }
  if (value.type !== "plain_text" && value.type !== "mrkdwn") {
    report(out, `${at}/type`, "must be one of plain_text, mrkdwn");
    return;
  }
  if (plain && value.type !== "plain_text") report(out, `${at}/type`, "must be plain_text");
  if (value.type === "mrkdwn" && value.emoji !== undefined) {
    report(out, `${at}/emoji`, "is only allowed on plain_text");
  }
  stringField(value, "text", at, out, max, true);
}

export function textField(
  obj: Obj,
  key: string,
  at: string,
  out: Out,
  max: number,
  opts: TextOpts,
) {
  field(obj, key, at, out, opts.required ?? false, (v, p) =>
    checkText(v, p, out, max, opts.plain ?? false),
  );
}
export interface TextOpts {
  plain?: boolean;
  required?: boolean;
}
