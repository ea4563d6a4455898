import fc from "fast-check";
import { validate as isValidCron } from "node-cron";
import { describe, expect, it } from "vitest";
import { numberText } from "../../src/campaigns/check-metric-bounds.js";
import {
  type CampaignFileError,
  formatCampaignFileError,
  locateCampaignPaths,
  parseCampaignFile,
} from "../../src/campaigns/parse-campaign-file.js";
import { scheduleEntryToCron, WEEKDAYS } from "../../src/campaigns/schedule-entry.js";
import { checkMetricValue, type MetricValueRule } from "../../src/domain/metric-value-rules.js";
import { catalogFor } from "../../src/i18n/catalog.js";
import { SUPPORTED_LOCALES } from "../../src/i18n/locales.js";
import { translatorFor } from "../../src/i18n/translate.js";
import { BAD_CASES, MINIMAL, minimalWith, read } from "../fixtures/campaigns/bad-cases.js";

function errorsOf(text: string): CampaignFileError[] {
  const result = parseCampaignFile({ text, fileName: "bad.yaml" });
  if (result.ok) throw new Error("expected the file to be rejected");
  return result.errors;
}

function expectRendered(error: CampaignFileError): void {
  const texts = SUPPORTED_LOCALES.map((locale) => translatorFor(locale)(error.code, error.params));
  for (const text of texts) {
    expect(text).not.toBe(error.code);
    expect(text, "every placeholder filled").not.toMatch(/\{\w+\}/);
  }
  expect(texts[0]).not.toBe(texts[1]);
}

describe("parseCampaignFile: valid files", () => {
  for (const path of ["examples/ankang-2022-q2.yaml", "examples/product-team.yaml"]) {
    it(`accepts ${path}`, () => {
      const result = parseCampaignFile({ text: read(path), fileName: path });
      expect(result.ok ? [] : result.errors).toEqual([]);
    });
  }

  it("keeps dates as strings, normalises ids and schedule entries, fills defaults", () => {
    const result = parseCampaignFile({ text: MINIMAL, fileName: "minimal.yaml" });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { campaign } = result;
    expect(campaign.tasks[0]?.milestones[0]?.due).toBe("2022-03-31");
    expect(campaign.members[0]?.telegram).toBe("1001");
    expect(campaign.members[0]?.role).toBe("staff");
    expect(campaign.units[1]?.kind).toBe("office");
    expect(campaign.tasks[0]?.metrics[0]?.optional).toBe(false);
    expect(campaign.schedule.deadlineReminderDays).toEqual([14, 7, 3, 1]);
    expect(campaign.schedule.skipHolidays).toBe(true);
    expect(campaign.schedule.reminders).toEqual([{ cron: "0 16 * * 5" }]);
    expect(campaign.channels).toEqual([]);
    const { alertTime, housekeeping, quietHours, graceHours, milestoneWarningDays } =
      campaign.schedule;
    expect({ alertTime, housekeeping, quietHours, graceHours, milestoneWarningDays }).toEqual({
      alertTime: "09:00",
      housekeeping: "03:00",
      quietHours: "22:00-08:00",
      graceHours: 6,
      milestoneWarningDays: 3,
    });
    expect(campaign.schedule.onNonWorkingDay).toEqual({
      prompt: "previous",
      remind: "skip",
      close: "next",
      digest: "next",
      milestone: "previous",
      deadline: "previous",
    });
  });

  it("normalises quiet hours and keeps the policies a file gives", () => {
    const close = '  close: { day: monday, time: "12:00" }';
    const text = minimalWith(
      [close, `${close}\n  quietHours: "21:30 ~ 7:00"\n  onNonWorkingDay: { remind: next }`],
      ["    telegram: 1002", "    telegram: 1002\n    quietHours: NONE"],
    );
    const result = parseCampaignFile({ text, fileName: "quiet.yaml" });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.campaign.schedule.quietHours).toBe("21:30-07:00");
    expect(result.campaign.schedule.onNonWorkingDay).toMatchObject({
      remind: "next",
      close: "next",
    });
    expect(result.campaign.members.map((member) => member.quietHours)).toEqual([undefined, "none"]);
  });

  it("gives a metric without a kind count for a sum and amount otherwise, and keeps bounds", () => {
    const text = minimalWith([
      "        aggregation: sum",
      [
        "        aggregation: sum",
        "      - { key: pm25, name: PM2.5, aggregation: latest, min: 0.5, target: 30 }",
        "      - { key: nps, name: NPS, aggregation: latest, kind: index, min: -100, max: 100 }",
        '      - { key: rate, name: 达标率, unit: "%", aggregation: mean, kind: ratio, target: 100 }',
        "      - { key: days, name: 天数, aggregation: latest, kind: count, max: 366 }",
        "      - { key: tiny, name: 小数, aggregation: sum, kind: amount, min: 0.000001 }",
      ].join("\n"),
    ]);
    const result = parseCampaignFile({ text, fileName: "kinds.yaml" });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const metrics = result.campaign.tasks[0]?.metrics ?? [];
    expect(metrics.map((metric) => [metric.key, metric.kind, metric.min, metric.max])).toEqual([
      ["cases", "count", undefined, undefined],
      ["pm25", "amount", 0.5, undefined],
      ["nps", "index", -100, 100],
      ["rate", "ratio", undefined, undefined],
      ["days", "count", undefined, 366],
      ["tiny", "amount", 0.000001, undefined],
    ]);
  });

  it("reads the reference campaign as the circular describes it", () => {
    const result = parseCampaignFile({ text: read("examples/ankang-2022-q2.yaml"), fileName: "a" });
    if (!result.ok) throw new Error("rejected");
    const { campaign } = result;
    expect(campaign.tasks.map((task) => task.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(campaign.campaign.leadUnit).toBe("pollution-office");
    expect(campaign.channels[0]?.chatId).toBe("-1001234567890");
    expect(campaign.circular?.copyTo).toEqual(["市纪委"]);
    const milestone = campaign.tasks[1]?.milestones[0];
    expect(milestone).toMatchObject({ due: "2022-05-31", done: "2022-05-31" });
  });
});

describe("the reference campaign's metric kinds", () => {
  const result = parseCampaignFile({ text: read("examples/ankang-2022-q2.yaml"), fileName: "a" });
  const metrics = result.ok ? result.campaign.tasks.flatMap((task) => task.metrics) : [];
  const ruleOf = (key: string): MetricValueRule => {
    const metric = metrics.find((candidate) => candidate.key === key);
    if (!metric) throw new Error(`no metric ${key}`);
    const rule: MetricValueRule = { kind: metric.kind };
    if (metric.min !== undefined) rule.min = numberText(metric.min);
    if (metric.max !== undefined) rule.max = numberText(metric.max);
    return rule;
  };

  // The figures the second-quarter circular reports, each as the parser reads it.
  it.each([
    ["fire-points", "67", "count"],
    ["supervision-orders", "4", "count"],
    ["assigned-issues", "9", "count"],
    ["firework-transport-cases", "4", "count"],
    ["firework-burning-cases", "19", "count"],
    ["good-air-days", "170", "count"],
    ["pm25", "34", "amount"],
    ["water-quality-index", "3.2640", "index"],
    ["water-bulletins", "6", "count"],
    ["surface-water-good-rate", "100", "ratio"],
    ["drinking-water-compliance", "100", "ratio"],
    ["soil-projects-submitted", "6", "count"],
    ["soil-projects-approved", "4", "count"],
    ["slag-removed", "5.11", "amount"],
    ["adits-sealed", "11", "count"],
    ["offsite-inspections", "148", "count"],
    ["penalties", "2", "count"],
    ["assistance-visits", "80", "count"],
    ["networked-enterprises", "51", "count"],
  ])("accepts %s = %s as a %s", (key, figure, kind) => {
    const rule = ruleOf(key);
    expect(rule.kind).toBe(kind);
    expect(checkMetricValue(figure, rule)).toBeUndefined();
  });

  it("covers every metric and refuses what staff must not report", () => {
    expect(metrics).toHaveLength(19);
    expect(checkMetricValue("-5", ruleOf("offsite-inspections"))).toMatchObject({
      reason: "belowMin",
    });
    expect(checkMetricValue("0.0001", ruleOf("penalties"))).toEqual({ reason: "notWhole" });
    expect(checkMetricValue("367", ruleOf("good-air-days"))).toMatchObject({ reason: "aboveMax" });
    expect(checkMetricValue("100.5", ruleOf("surface-water-good-rate"))).toMatchObject({
      reason: "aboveMax",
    });
    expect(checkMetricValue("1234567890123456789", ruleOf("fire-points"))).toMatchObject({
      reason: "tooLarge",
    });
  });
});

describe("parseCampaignFile: each bad file yields exactly one clear error", () => {
  for (const bad of BAD_CASES) {
    it(`reports ${bad.name}`, () => {
      const errors = errorsOf(bad.text);
      expect(errors).toHaveLength(1);
      const [error] = errors as [CampaignFileError];
      const { code, ...position } = bad.expected;
      expect(error).toMatchObject({
        file: "bad.yaml",
        ...position,
        code: `campaign.errors.${code}`,
      });
      if (bad.params) expect(error.params).toMatchObject(bad.params);
      expectRendered(error);
    });
  }
});

describe("parseCampaignFile: other rules", () => {
  const codesOf = (text: string) => errorsOf(text).map((error) => error.code.split(".").at(-1));

  it.each([
    ["an empty file", "", "emptyFile"],
    ["a version that is not 1", minimalWith(["version: 1", "version: 2"]), "expectedValue"],
    ["a bad key", minimalWith(["key: first-task", "key: First Task"]), "slug"],
    [
      "a bad quarter",
      minimalWith([
        "  reminders:",
        "  quarterly: [{ quarter: 2022Q5, due: 2022-12-20 }]\n  reminders:",
      ]),
      "quarter",
    ],
    [
      "a quarter of another year",
      minimalWith([
        "  reminders:",
        "  quarterly: [{ quarter: 2023Q1, due: 2023-03-20 }]\n  reminders:",
      ]),
      "quarterOutsideYear",
    ],
    [
      "a deadline before its quarter",
      minimalWith([
        "  reminders:",
        "  quarterly: [{ quarter: 2022Q2, due: 2022-03-20 }]\n  reminders:",
      ]),
      "deadlineBeforeQuarter",
    ],
    [
      "day and cron together",
      minimalWith(['{ cron: "0 16 * * 5" }', '{ day: friday, cron: "0 16 * * 5" }']),
      "scheduleEntryMixed",
    ],
    ["an empty schedule entry", minimalWith(['{ cron: "0 16 * * 5" }', "{}"]), "scheduleEntryForm"],
    [
      "a day without a time",
      minimalWith(['{ cron: "0 16 * * 5" }', "{ day: friday }"]),
      "missingField",
    ],
    ["a bad weekday", minimalWith(["day: friday", "day: freitag"]), "weekday"],
    [
      "a boolean written as yes",
      minimalWith(["  reminders:", "  skipHolidays: yes\n  reminders:"]),
      "expectedBoolean",
    ],
    ["a Slack id in the wrong form", minimalWith(["telegram: 1001", "slack: u123"]), "slackUserId"],
    [
      "a Telegram id that is not a number",
      minimalWith(["telegram: 1001", "telegram: zhangsan"]),
      "telegramUserId",
    ],
    ["an empty owner list", minimalWith(["owners: [li-si]", "owners: []"]), "tooFewItems"],
    ["a year out of range", minimalWith(["year: 2022", "year: 1999"]), "tooSmall"],
    [
      "channels as a mapping",
      minimalWith(["schedule:", "channels:\n  key: leaders\nschedule:"]),
      "expectedList",
    ],
    [
      "an unknown top-level key",
      minimalWith(["schedule:", "deadlines: []\nschedule:"]),
      "unknownKey",
    ],
  ])("rejects %s", (_name, text, code) => {
    expect(codesOf(text)).toContain(code);
    for (const error of errorsOf(text)) expectRendered(error);
  });

  it("reports every error, sorted by line", () => {
    const text = minimalWith(
      ["Asia/Shanghai", "Mars/Base"],
      ["aggregation: sum", "aggregation: all"],
    );
    const errors = errorsOf(text);
    expect(errors.map((error) => error.path)).toEqual([
      "campaign.timeZone",
      "tasks[0].metrics[0].aggregation",
    ]);
  });

  it("formats an error as file:line:column  path: message", () => {
    const [error] = errorsOf(minimalWith(["Asia/Shanghai", "Asia/Beijing"])) as [CampaignFileError];
    expect(formatCampaignFileError(error, translatorFor("zh-CN"))).toBe(
      "bad.yaml:6:13  campaign.timeZone: 应为 IANA 时区名称（如 Asia/Shanghai），实际为“Asia/Beijing”",
    );
    expect(formatCampaignFileError(error, translatorFor("en"))).toMatch(
      /^bad\.yaml:6:13 {2}campaign\.timeZone: expected an IANA time zone/,
    );
  });

  it("locates errors found after parsing, such as import conflicts", () => {
    const located = locateCampaignPaths({
      text: MINIMAL,
      fileName: "minimal.yaml",
      errors: [
        {
          path: ["members", 1, "telegram"],
          code: "campaign.errors.identityBoundElsewhere",
          params: { platform: "telegram", id: "1002", member: "wang-wu" },
        },
        { path: ["members", 0, "slack"], code: "campaign.errors.invalidValue", params: {} },
      ],
    });
    expect(located.map(({ line, column, path }) => ({ line, column, path }))).toEqual([
      { line: 17, column: 5, path: "members[0].slack" },
      { line: 24, column: 15, path: "members[1].telegram" },
    ]);
    expectRendered(located[1] as CampaignFileError);
  });

  it("has every campaign error message in both locales", () => {
    const keys = (locale: (typeof SUPPORTED_LOCALES)[number]) =>
      [...catalogFor(locale).keys()].filter((key) => key.startsWith("campaign.errors.")).sort();
    expect(keys("zh-CN").length).toBeGreaterThan(40);
    expect(keys("en")).toEqual(keys("zh-CN"));
  });
});

describe("scheduleEntryToCron", () => {
  it("turns any weekday and time into a cron expression node-cron accepts", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...WEEKDAYS),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (day, hours, minutes) => {
          const time = `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
          const cron = scheduleEntryToCron({ day, time });
          expect(cron).toBe(`${minutes} ${hours} * * ${WEEKDAYS.indexOf(day)}`);
          expect(isValidCron(cron)).toBe(true);
        },
      ),
    );
  });
});
