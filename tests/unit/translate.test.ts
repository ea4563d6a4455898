import { describe, expect, it } from "vitest";
import { compileTemplate } from "../../src/i18n/message-format.js";
import { t, translatorFor } from "../../src/i18n/translate.js";

describe("t(): ICU plural forms", () => {
  it("picks the English singular for 1 and the plural for 0, 2 and more", () => {
    const errors = (count: number) => t("en", "cli.campaign.errorCount", { count });
    expect(errors(1)).toBe("1 error; nothing was written.");
    expect(errors(2)).toBe("2 errors; nothing was written.");
    expect(errors(0)).toBe("0 errors; nothing was written.");

    const intro = (count: number) =>
      t("en", "report.intro", { campaign: "C", period: "P", count, deadline: "D" });
    expect(intro(1)).toContain(" 1 task, due D.");
    expect(intro(2)).toContain(" 2 tasks, due D.");
    expect(intro(0)).toContain(" 0 tasks, due D.");
  });

  it("takes a count given as a string", () => {
    expect(t("en", "campaign.errors.tooFewItems", { minimum: "1" })).toBe(
      "expected at least 1 item",
    );
    expect(t("en", "campaign.errors.tooFewItems", { minimum: "2" })).toBe(
      "expected at least 2 items",
    );
  });

  it("keeps Chinese counts plain", () => {
    expect(t("zh-CN", "cli.campaign.errorCount", { count: 1 })).toContain("1");
    expect(t("zh-CN", "cli.campaign.errorCount", { count: 1 })).not.toContain("{");
  });
});

describe("t(): numbers are never digit-grouped", () => {
  it("renders plain number arguments as they are", () => {
    expect(t("en", "campaign.errors.quarterOutsideYear", { value: "2022Q5", year: 2022 })).toBe(
      "the quarter 2022Q5 is not in the campaign year 2022",
    );
    expect(t("en", "cli.start.ready", { ms: 1234 })).toBe("duban is ready (1234 ms).");
  });

  it("renders plural # without separators", () => {
    expect(t("en", "cli.campaign.errorCount", { count: 1234 })).toBe(
      "1234 errors; nothing was written.",
    );
    expect(t("en", "cli.db.known", { count: 1234567 })).toBe(
      "1234567 migrations in the migrations folder.",
    );
  });

  it("renders {n, number} without separators", () => {
    expect(compileTemplate("{n, number}", "en").format({ n: 1234567.5 })).toBe("1234567.5");
  });
});

describe("t(): fallbacks", () => {
  it("falls back to the key itself, with its {name} filled in", () => {
    expect(t("en", "no.such.key")).toBe("no.such.key");
    expect(t("zh-CN", "{name} is missing", { name: "x" })).toBe("x is missing");
  });

  it("keeps literal braces that a template quotes", () => {
    expect(t("en", "campaign.errors.scheduleEntryForm")).toBe(
      'expected { day: friday, time: "09:00" } or { cron: "0 9 * * 5" }',
    );
  });

  it("leaves a missing param visible instead of throwing", () => {
    expect(t("en", "chat.welcomeBack")).toContain("Hello {name}!");
    expect(t("en", "report.hint.lastValue")).toBe("Last period: {value}.");
    // Without the plural's count the rest is still filled in; only the count stays raw.
    const intro = t("en", "report.intro", { campaign: "C", period: "P", deadline: "D" });
    expect(intro).toContain("C: time to report progress for P.");
    expect(intro).toContain("due D.");
  });

  it("binds a locale with translatorFor", () => {
    expect(translatorFor("en")("cli.campaign.errorCount", { count: 3 })).toBe(
      "3 errors; nothing was written.",
    );
  });
});
