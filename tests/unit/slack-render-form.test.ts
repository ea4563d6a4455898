import type { InputBlock, ModalView, PlainTextInput, StaticSelect } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { Form } from "../../src/core/form.js";
import { rich } from "../../src/core/reply.js";
import {
  formErrorsResponse,
  readFormSubmission,
  renderFormModal,
} from "../../src/platforms/slack/render-form.js";
import { SlackRenderError } from "../../src/platforms/slack/slack-render-error.js";

const form: Form = {
  id: "weekly:2025-W03:task-7",
  title: "第 3 周 · 专项整治工作周报（督办事项汇总与整改台账）",
  submitLabel: "提交",
  closeLabel: "取消",
  intro: [rich.bold("专项整治"), rich.plain(" 截止 <周五> 17:00")],
  fields: [
    {
      id: "health",
      label: "进展情况",
      kind: "choice",
      optional: false,
      initial: "amber",
      options: [
        { label: "正常", value: "green" },
        { label: "滞后", value: "amber" },
        { label: "受阻", value: "red" },
      ],
    },
    {
      id: "metric:visits",
      label: "走访户数",
      hint: "上周 120",
      kind: "text",
      optional: false,
      initial: "130",
    },
    {
      id: "progress",
      label: "本周进展",
      hint: "每行一项",
      kind: "multiline",
      optional: false,
      maxLength: 2000,
    },
    { id: "blockers", label: "困难问题", kind: "multiline", optional: true },
  ],
};

const options = { callbackId: "duban:form", privateMetadata: '{"formId":"weekly"}' };

function inputs(view: ModalView): InputBlock[] {
  return view.blocks.filter((block): block is InputBlock => block.type === "input");
}

/** What Slack would send back for the rendered modal with `typed` in its fields. */
function submission(view: ModalView, typed: Record<string, string | undefined>) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of inputs(view)) {
    const element = block.element as PlainTextInput | StaticSelect;
    const id = block.block_id as string;
    const text = typed[id];
    values[id] = {
      [element.action_id as string]:
        element.type === "static_select"
          ? { type: "static_select", selected_option: text ? { value: text } : null }
          : { type: "plain_text_input", value: text ?? null },
    };
  }
  return { type: "modal", callback_id: view.callback_id, state: { values } };
}

describe("renderFormModal", () => {
  it("renders a modal with every kind of field", () => {
    const view = renderFormModal(form, options);
    expect(view.type).toBe("modal");
    expect(view.callback_id).toBe("duban:form");
    expect(view.private_metadata).toBe('{"formId":"weekly"}');
    expect(view.title).toEqual({
      type: "plain_text",
      text: `${form.title.slice(0, 23)}…`,
      emoji: true,
    });
    expect(view.title.text).toHaveLength(24);
    expect(view.submit?.text).toBe("提交");
    expect(view.close?.text).toBe("取消");
    expect(view.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "*专项整治* 截止 &lt;周五&gt; 17:00", verbatim: true },
    });
    expect(inputs(view)).toEqual([
      {
        type: "input",
        block_id: "health",
        label: { type: "plain_text", text: "进展情况", emoji: true },
        element: {
          type: "static_select",
          action_id: "value",
          options: [
            { text: { type: "plain_text", text: "正常", emoji: true }, value: "green" },
            { text: { type: "plain_text", text: "滞后", emoji: true }, value: "amber" },
            { text: { type: "plain_text", text: "受阻", emoji: true }, value: "red" },
          ],
          initial_option: {
            text: { type: "plain_text", text: "滞后", emoji: true },
            value: "amber",
          },
        },
      },
      {
        type: "input",
        block_id: "metric:visits",
        label: { type: "plain_text", text: "走访户数", emoji: true },
        hint: { type: "plain_text", text: "上周 120", emoji: true },
        element: { type: "plain_text_input", action_id: "value", initial_value: "130" },
      },
      {
        type: "input",
        block_id: "progress",
        label: { type: "plain_text", text: "本周进展", emoji: true },
        hint: { type: "plain_text", text: "每行一项", emoji: true },
        element: {
          type: "plain_text_input",
          action_id: "value",
          multiline: true,
          max_length: 2000,
        },
      },
      {
        type: "input",
        block_id: "blockers",
        label: { type: "plain_text", text: "困难问题", emoji: true },
        optional: true,
        element: { type: "plain_text_input", action_id: "value", multiline: true },
      },
    ]);
  });

  it("keeps inputs within what Slack holds", () => {
    const long: Form = {
      ...form,
      fields: [
        {
          id: "a",
          label: "a",
          kind: "multiline",
          optional: false,
          maxLength: 10_000,
          initial: "x".repeat(5000),
        },
        {
          id: "b",
          label: "b",
          kind: "choice",
          optional: false,
          initial: "none",
          options: [{ label: "长".repeat(80), value: "v" }],
        },
      ],
    };
    const [text, choice] = inputs(renderFormModal(long, options));
    const element = text?.element as PlainTextInput;
    expect(element.max_length).toBe(3000);
    expect(element.initial_value).toHaveLength(3000);
    const select = choice?.element as StaticSelect;
    expect(select.options?.[0]?.text.text).toBe(`${"长".repeat(74)}…`);
    expect(select).not.toHaveProperty("initial_option");
  });

  it("refuses a form Slack would refuse", () => {
    const field = form.fields[1];
    if (!field) throw new Error("fixture");
    const withFields = (fields: Form["fields"]): Form => ({ ...form, fields });
    expect(() => renderFormModal(withFields([field, field]), options)).toThrow(/repeated/);
    expect(() => renderFormModal(withFields([{ ...field, id: "" }]), options)).toThrow(
      SlackRenderError,
    );
    expect(() => renderFormModal(withFields([{ ...field, id: "x".repeat(256) }]), options)).toThrow(
      SlackRenderError,
    );
    const choice = { ...field, kind: "choice" as const };
    expect(() => renderFormModal(withFields([choice]), options)).toThrow(/options/);
    const wide = { ...choice, options: [{ label: "a", value: "v".repeat(151) }] };
    expect(() => renderFormModal(withFields([wide]), options)).toThrow(/1-150/);
    const many = Array.from({ length: 101 }, (_, i) => ({ ...field, id: `f${i}` }));
    expect(() => renderFormModal(withFields(many), options)).toThrow(/100/);
    expect(() => renderFormModal({ ...form, title: " " }, options)).toThrow(/title/);
    expect(() => renderFormModal(form, { ...options, privateMetadata: "m".repeat(3001) })).toThrow(
      /metadata/,
    );
  });
});

describe("readFormSubmission", () => {
  it("reads back what was typed, field by field", () => {
    const view = renderFormModal(form, options);
    const typed = {
      health: "red",
      "metric:visits": "135",
      progress: "走访 135 户\n整改 3 处",
      blockers: "",
    };
    const submitted = submission(view, typed);
    expect(readFormSubmission(submitted)).toEqual(typed);
    expect(readFormSubmission(submitted, form)).toEqual(typed);
  });

  it("reads an empty field as an empty string", () => {
    const view = renderFormModal(form, options);
    const submitted = submission(view, { health: undefined, progress: "x" });
    expect(readFormSubmission(submitted, form)).toEqual({
      health: "",
      "metric:visits": "",
      progress: "x",
      blockers: "",
    });
  });

  it("never throws on an odd payload", () => {
    for (const odd of [
      undefined,
      null,
      42,
      "view",
      [],
      {},
      { state: null },
      { state: { values: [] } },
    ]) {
      expect(readFormSubmission(odd)).toEqual({});
      expect(readFormSubmission(odd, form)).toEqual({
        health: "",
        "metric:visits": "",
        progress: "",
        blockers: "",
      });
    }
    const strange = {
      state: {
        values: {
          health: { value: { type: "static_select", selected_option: { value: 7 } } },
          progress: { value: { type: "plain_text_input", value: ["x"] } },
          blockers: "not an object",
          other: { elsewhere: { type: "button", value: "ignored" } },
          "metric:visits": { value: { type: "number_input", value: "12" } },
        },
      },
    };
    expect(readFormSubmission(strange)).toEqual({
      health: "",
      progress: "",
      "metric:visits": "12",
    });
    expect(readFormSubmission(strange, form)).toEqual({
      health: "",
      "metric:visits": "12",
      progress: "",
      blockers: "",
    });
  });

  it("leaves out blocks that are not the form's fields", () => {
    const view = renderFormModal(form, options);
    const submitted = submission(view, { health: "green" });
    const values = submitted.state.values;
    values.extra = { value: { type: "plain_text_input", value: "sneaky" } };
    expect(readFormSubmission(submitted, form)).not.toHaveProperty("extra");
  });
});

describe("formErrorsResponse", () => {
  it("keys the errors by block id and keeps them short", () => {
    const response = formErrorsResponse({
      "metric:visits": "请填写数字",
      progress: "长".repeat(200),
      "": "no block",
      blockers: "  ",
    });
    expect(response.response_action).toBe("errors");
    expect(Object.keys(response.errors)).toEqual(["metric:visits", "progress"]);
    expect(response.errors["metric:visits"]).toBe("请填写数字");
    expect(response.errors.progress).toBe(`${"长".repeat(149)}…`);
    // The keys are the rendered block ids.
    const blockIds = inputs(renderFormModal(form, options)).map((block) => block.block_id);
    expect(Object.keys(response.errors).every((id) => blockIds.includes(id))).toBe(true);
  });
});
