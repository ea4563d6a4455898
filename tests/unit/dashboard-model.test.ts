import { describe, expect, it } from "vitest";
import { campaignPageBody } from "../../src/dashboard/campaign-page-html.js";
import { dashboardModel } from "../../src/dashboard/dashboard-model.js";
import { dashboardSay } from "../../src/dashboard/dashboard-words.js";
import { documentHtml } from "../../src/dashboard/document-html.js";
import { html } from "../../src/dashboard/html-text.js";
import { compileDeadlines, compileMissing } from "../../src/summaries/compile-status.js";
import { ankangInput } from "./summaries-fixture.js";

const input = ankangInput();
const all = new Set(input.tasks.map((task) => task.key));
const view = {
  input,
  week: "2022-W26",
  today: "2022-06-28",
  visible: all,
  wholeCampaign: true,
  locale: "zh-CN" as const,
};

describe("the dashboard's page model", () => {
  it("takes lights, trends, missing and deadlines from the compilers, for the quarter so far", () => {
    const model = dashboardModel(view);
    expect(model.quarter).toBe("2022Q2");
    expect(model.submission.map((point) => point.week).at(-1)).toBe("2022-W26");
    // The first week whose Thursday is in April.
    expect(model.submission[0]?.week).toBe("2022-W14");
    const inspection = model.tasks.find((task) => task.number === 5);
    expect(inspection).toMatchObject({ light: "red", health: "blocked", reason: "资金缺口大" });
    const missing = compileMissing(input, {
      week: "2022-W26",
      visibleTaskKeys: all,
      locale: "zh-CN",
    }).missing;
    expect(model.missing.flatMap((unit) => unit.people.map((person) => person.name))).toEqual(
      missing.map((person) => person.memberName),
    );
    const deadlines = compileDeadlines(input, {
      today: "2022-06-28",
      visibleTaskKeys: all,
      locale: "zh-CN",
    });
    expect(deadlines.blocks[0]).toEqual({ kind: "list", items: model.deadlines });
  });

  it("keeps to the visible tasks", () => {
    const model = dashboardModel({
      ...view,
      visible: new Set(["clear-water"]),
      wholeCampaign: false,
    });
    expect(model.tasks.map((task) => task.number)).toEqual([2]);
    expect(new Set(model.trends.map((trend) => trend.taskKey))).toEqual(new Set(["clear-water"]));
    expect(model.wholeCampaign).toBe(false);
  });
});

describe("the dashboard's HTML", () => {
  it("escapes every value and keeps markup it was given", () => {
    expect(
      html`<li title="${'"x"'}">${"<b>&</b>"}${html`<i>ok</i>`}${[1, "<", undefined]}</li>`.value,
    ).toBe('<li title="&quot;x&quot;">&lt;b&gt;&amp;&lt;/b&gt;<i>ok</i>1&lt;</li>');
  });

  it("renders a campaign whose title is markup as text, with charts as images and no script", () => {
    const model = dashboardModel({
      ...view,
      input: { ...input, campaign: { ...input.campaign, title: "<script>alert(1)</script>" } },
    });
    const page = campaignPageBody(model, {
      say: dashboardSay("zh-CN"),
      locale: "zh-CN",
      chosen: undefined,
    }).value;
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).not.toContain("<script");
    expect(page).toContain('<img src="data:image/svg+xml;base64,');
    expect(page).toContain("/circular/2022Q2");
  });

  it("lays out a document's blocks, escaped", () => {
    const out = documentHtml({
      kind: "circular",
      locale: "zh-CN",
      issuer: "安康市生态环境局",
      title: "关于<通报>",
      blocks: [
        { kind: "heading", level: 1, text: "一、主要成效" },
        { kind: "list", items: ["a & b"] },
        { kind: "signature", issuer: "局", date: "2022年6月30日" },
      ],
    }).value;
    expect(out).toContain("<h2>关于&lt;通报&gt;</h2>");
    expect(out).toContain("<h3>一、主要成效</h3>");
    expect(out).toContain("<li>a &amp; b</li>");
    expect(out).toContain('<p class="signature">局<br>2022年6月30日</p>');
  });
});
