import { describe, expect, it } from "vitest";
import { t, translatorFor } from "../../src/i18n/translate.js";

describe("commands as each platform spells them", () => {
  it("reads /report on Telegram and /duban report on Slack, in both languages", () => {
    expect(t("en", "report.cancelled")).toContain("send /report to continue");
    expect(t("en", "report.cancelled", {}, { platform: "slack" })).toContain(
      "send /duban report to continue",
    );
    expect(translatorFor("zh-CN", "slack")("report.cancelled")).toContain("发送 /duban report");
    expect(translatorFor("zh-CN", "telegram")("report.cancelled")).not.toContain("/duban");
  });

  it("never rewrites what is filled in: a person's answer keeps its /report", () => {
    const text = t(
      "en",
      "report.review.line",
      { label: "Progress", value: "fixed /report api" },
      {
        platform: "slack",
      },
    );
    expect(text).toContain("fixed /report api");
  });

  it("keeps plurals and parameters working after the rewrite", () => {
    const text = t(
      "en",
      "scheduler.remind",
      { name: "Tom", count: 2, campaign: "P", period: "W9", deadline: "Fri" },
      {
        platform: "slack",
      },
    );
    expect(text).toContain("2 tasks");
    expect(text).toContain("/duban report");
    expect(text).toContain("/duban skip");
  });
});
