/**
 * Block Kit as Slack checks it: the block and element types the fake knows, their required
 * fields and Slack's documented length and count limits. Problems are reported with a JSON
 * pointer, as Slack's `response_metadata.messages` are ("[ERROR] … [json-pointer:/blocks/0/text]").
 *
 * Deliberately stricter than Slack in two places, both things duban relies on: interactive
 * elements must carry an `action_id` (Slack would invent one the bot could not route), and input
 * blocks in views must carry a `block_id` (Slack would invent one the bot could not read back).
 * Element and block types the fake does not model are refused rather than waved through.
 */

import {
  ACCESSORY_ELEMENTS,
  ACTIONS_ELEMENTS,
  checkElement,
  INPUT_ELEMENTS,
} from "./block-kit-elements.js";
import {
  arrayField,
  type BlockProblem,
  booleanField,
  checkText,
  field,
  type Obj,
  type Out,
  report,
  stringField,
  textField,
} from "./block-kit-fields.js";
import { isRecord } from "./narrow.js";

export type { BlockProblem } from "./block-kit-fields.js";

export type Surface = "message" | "modal" | "home";

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };

/** Slack's wording for a refused argument, ready for `response_metadata.messages`. */
export function formatProblems(problems: readonly BlockProblem[]): string[] {
  return problems.map((p) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`);
}

type BlockRule = (block: Obj, at: string, out: Out, surface: Surface) => void;

const BLOCKS: Record<string, { surfaces: readonly Surface[]; check: BlockRule }> = {
  section: {
    surfaces: ["message", "modal", "home"],
    check(block, at, out) {
      if (block.text === undefined && block.fields === undefined) {
        report(out, at, "must provide one of text, fields");
      }
      textField(block, "text", at, out, 3000, {});
      arrayField(block, "fields", at, out, { min: 1, max: 10, required: false }, (f, p) =>
        checkText(f, p, out, 2000, false),
      );
      field(block, "accessory", at, out, false, (v, p) =>
        checkElement(v, p, out, ACCESSORY_ELEMENTS),
      );
    },
  },
  divider: { surfaces: ["message", "modal", "home"], check() {} },
  header: {
    surfaces: ["message", "modal", "home"],
    check: (block, at, out) =>
      textField(block, "text", at, out, 150, { plain: true, required: true }),
  },
  context: {
    surfaces: ["message", "modal", "home"],
    check(block, at, out) {
      arrayField(block, "elements", at, out, { min: 1, max: 10, required: true }, (el, p) => {
        if (isRecord(el) && el.type === "image")
          return checkElement(el, p, out, new Set(["image"]));
        checkText(el, p, out, 3000, false);
      });
    },
  },
  actions: {
    surfaces: ["message", "modal", "home"],
    check(block, at, out) {
      arrayField(block, "elements", at, out, { min: 1, max: 25, required: true }, (el, p) =>
        checkElement(el, p, out, ACTIONS_ELEMENTS),
      );
      // Slack routes a click by block_id and action_id, so two buttons may not share one.
      const seen = new Set<string>();
      const elements = Array.isArray(block.elements) ? block.elements : [];
      elements.forEach((el, index) => {
        const id = isRecord(el) ? el.action_id : undefined;
        if (typeof id !== "string") return;
        if (seen.has(id))
          report(out, `${at}/elements/${index}/action_id`, `duplicate action_id ${id}`);
        seen.add(id);
      });
    },
  },
  input: {
    surfaces: ["message", "modal", "home"],
    check(block, at, out, surface) {
      if (surface !== "message" && block.block_id === undefined) {
        report(out, at, "missing required field: block_id");
      }
      textField(block, "label", at, out, 2000, { plain: true, required: true });
      textField(block, "hint", at, out, 2000, { plain: true });
      booleanField(block, "optional", at, out);
      booleanField(block, "dispatch_action", at, out);
      field(block, "element", at, out, true, (v, p) => checkElement(v, p, out, INPUT_ELEMENTS));
    },
  },
  image: {
    surfaces: ["message", "modal", "home"],
    check(block, at, out) {
      if (block.image_url === undefined && block.slack_file === undefined) {
        report(out, at, "must provide one of image_url, slack_file");
      }
      stringField(block, "image_url", at, out, 3000);
      stringField(block, "alt_text", at, out, 2000, true);
      textField(block, "title", at, out, 2000, { plain: true });
    },
  },
  rich_text: {
    surfaces: ["message", "modal", "home"],
    check: (block, at, out) =>
      arrayField(block, "elements", at, out, { min: 0, max: Infinity, required: true }, () => {}),
  },
  markdown: {
    surfaces: ["message"],
    check: (block, at, out) => stringField(block, "text", at, out, 12000, true),
  },
};

/** Checks a `blocks` array for a surface; an empty list means Slack would accept it. */
export function checkBlocks(blocks: unknown, surface: Surface, at = "/blocks"): BlockProblem[] {
  const out: Out = [];
  if (!Array.isArray(blocks)) return [{ pointer: at, message: "must be an array" }];
  const max = MAX_BLOCKS[surface];
  if (blocks.length > max) report(out, at, `no more than ${max} items allowed`);
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const p = `${at}/${index}`;
    if (!isRecord(block)) {
      report(out, p, "must be a block object");
      return;
    }
    if (typeof block.type !== "string") {
      report(out, p, "missing required field: type");
      return;
    }
    const rule = BLOCKS[block.type];
    if (!rule?.surfaces.includes(surface)) {
      report(out, `${p}/type`, `block type ${block.type} is not allowed in a ${surface}`);
      return;
    }
    stringField(block, "block_id", p, out, 255);
    if (typeof block.block_id === "string") {
      if (blockIds.has(block.block_id)) report(out, `${p}/block_id`, "must be unique");
      blockIds.add(block.block_id);
    }
    rule.check(block, p, out, surface);
  });
  return out;
}

/** Checks a modal or Home tab view as views.open/update/push/publish do. */
export function checkView(view: unknown, expected: "modal" | "home"): BlockProblem[] {
  const at = "/view";
  if (!isRecord(view)) return [{ pointer: at, message: "must be a view object" }];
  const out: Out = [];
  if (view.type !== expected) report(out, `${at}/type`, `must be ${expected}`);
  stringField(view, "callback_id", at, out, 255);
  stringField(view, "private_metadata", at, out, 3000);
  stringField(view, "external_id", at, out, 255);
  if (expected === "modal") {
    textField(view, "title", at, out, 24, { plain: true, required: true });
    textField(view, "close", at, out, 24, { plain: true });
    textField(view, "submit", at, out, 24, { plain: true });
    booleanField(view, "clear_on_close", at, out);
    booleanField(view, "notify_on_close", at, out);
    const blocks = Array.isArray(view.blocks) ? view.blocks : [];
    const hasInput = blocks.some((b) => isRecord(b) && b.type === "input");
    if (hasInput && view.submit === undefined) {
      report(out, at, "missing required field: submit (the view has input blocks)");
    }
  }
  if (view.blocks === undefined) report(out, at, "missing required field: blocks");
  else out.push(...checkBlocks(view.blocks, expected, `${at}/blocks`));
  return out;
}
