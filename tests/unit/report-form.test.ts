import { describe, expect, it } from "vitest";
import { metricFieldId, readReportForm, reportForm } from "../../src/reporting/report-form.js";
import { Conversation, EN, SNAPSHOT, ZH } from "./report-flow-harness.js";

const FORM_ID = "rf|campaign|task-1|2022-W23";

describe("reportForm", () => {
  it("asks what the chat asks, in the same order, with last week's figure as a hint", () => {
    const form = reportForm(SNAPSHOT, 0, ZH, FORM_ID);
    expect(form?.fields.map((field) => field.id)).toEqual([
      "progress",
      metricFieldId("fires"),
      metricFieldId("issues"),
      "health",
      "blockedReason",
      "problems",
      "nextSteps",
    ]);
    const fires = form?.fields[1];
    expect(fires?.label).toBe("火点数（处）");
    expect(fires?.hint).toContain("67");
    expect(fires?.optional).toBe(false);
    expect(form?.fields[2]?.optional).toBe(true);
    expect(
      form?.fields.find((field) => field.id === "health")?.options?.map((o) => o.value),
    ).toEqual(["on_track", "at_risk", "blocked"]);
    expect([...(form?.title ?? "")].length).toBeLessThanOrEqual(24);
  });

  it("opens filled in with a draft's answers", () => {
    const snapshot = structuredClone(SNAPSHOT);
    const task = snapshot.tasks[0];
    if (!task) throw new Error("no task");
    task.existing = {
      state: "draft",
      answers: {
        progressItems: ["巡查 12 次", "约谈 2 家"],
        metrics: { fires: { value: "67", raw: "67处" } },
        health: "at_risk",
      },
    };
    const form = reportForm(snapshot, 0, EN, FORM_ID);
    const initial = Object.fromEntries((form?.fields ?? []).map((f) => [f.id, f.initial]));
    expect(initial).toMatchObject({
      progress: "巡查 12 次\n约谈 2 家",
      [metricFieldId("fires")]: "67处",
      health: "at_risk",
    });
  });
});

describe("readReportForm", () => {
  const filled = {
    progress: "开展秸秆禁烧巡查\n约谈企业 2 家",
    [metricFieldId("fires")]: "67处",
    [metricFieldId("issues")]: "",
    health: "on_track",
    blockedReason: "",
    problems: "无",
    nextSteps: "同上周",
  };

  it("reads the fields as the chat reads them typed", () => {
    const reading = readReportForm(SNAPSHOT, 0, filled, ZH);
    expect(reading).toEqual({
      ok: true,
      answers: {
        progressItems: ["开展秸秆禁烧巡查", "约谈企业 2 家"],
        metrics: { fires: { value: "67", raw: "67处" }, issues: { skipped: true } },
        health: "on_track",
        problems: null,
        nextSteps: "继续开展夏季督查巡查",
      },
    });
  });

  it("stores what the chat would store for the same answers", () => {
    const chat = new Conversation();
    chat.text("开展秸秆禁烧巡查\n约谈企业 2 家");
    chat.tap("done");
    chat.text("67处");
    chat.tap("skip");
    chat.tap("st:on_track");
    chat.text("无");
    chat.tap("same");
    const reading = readReportForm(SNAPSHOT, 0, filled, ZH);
    expect(reading.ok && reading.answers).toEqual(chat.state.answers[0]);
  });

  it("gives each wrong field the chat's own reason and saves nothing", () => {
    const reading = readReportForm(
      SNAPSHOT,
      0,
      { ...filled, [metricFieldId("fires")]: "六十七吨", health: "", progress: "" },
      EN,
    );
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(Object.keys(reading.errors).sort()).toEqual(
      [metricFieldId("fires"), "health", "progress"].sort(),
    );
    expect(reading.errors[metricFieldId("fires")]).toMatch(/unit does not match|number/i);
    expect(reading.errors.progress).toBe("Please fill this in.");
  });

  it("needs a reason when the task is blocked", () => {
    const reading = readReportForm(SNAPSHOT, 0, { ...filled, health: "blocked" }, EN);
    expect(reading).toMatchObject({ ok: false, errors: { blockedReason: expect.any(String) } });
    const reasoned = readReportForm(
      SNAPSHOT,
      0,
      { ...filled, health: "blocked", blockedReason: "资金未到位" },
      EN,
    );
    expect(reasoned).toMatchObject({
      ok: true,
      answers: { health: "blocked", blockedReason: "资金未到位" },
    });
  });

  it("refuses a figure outside the metric's bounds as the chat does", () => {
    const snapshot = structuredClone(SNAPSHOT);
    const fires = snapshot.tasks[0]?.metrics[0];
    if (fires) Object.assign(fires, { kind: "count", min: "0" });
    const reading = readReportForm(snapshot, 0, { ...filled, [metricFieldId("fires")]: "2.5" }, EN);
    expect(reading).toMatchObject({
      ok: false,
      errors: { [metricFieldId("fires")]: expect.stringMatching(/whole number/) },
    });
  });
});
