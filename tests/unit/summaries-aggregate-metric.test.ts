import { describe, expect, it } from "vitest";
import { aggregateMetric } from "../../src/summaries/aggregate-metric.js";
import type { SummaryMetric, SummaryTask } from "../../src/summaries/summary-input.js";
import { ankangInput, report } from "./summaries-fixture.js";

const input = ankangInput();
const task = (key: string): SummaryTask => {
  const found = input.tasks.find((candidate) => candidate.key === key);
  if (!found) throw new Error(key);
  return found;
};
const metric = (taskKey: string, key: string): SummaryMetric => {
  const found = task(taskKey).metrics.find((candidate) => candidate.key === key);
  if (!found) throw new Error(key);
  return found;
};
const aggregate = (taskKey: string, key: string, reports = input.reports) =>
  aggregateMetric(metric(taskKey, key), task(taskKey), reports, input.members, input.units);

describe("aggregateMetric", () => {
  it("sums every owner's weeks and breaks the sum down by unit, largest first", () => {
    const figure = aggregate("blue-sky", "fire-points");
    expect(figure.value).toBe("67");
    expect(figure.display).toBe("67");
    expect(figure.byUnit).toEqual([
      { unitKey: "air-office", unitName: "大气环境科", value: "55", display: "55" },
      { unitKey: "hanbin-branch", unitName: "汉滨分局", value: "12", display: "12" },
    ]);
    // The late report counts; every report used is named.
    expect(figure.sources).toEqual([
      { memberKey: "zhang-wei", memberName: "张伟", period: "2022-W24" },
      { memberKey: "ma-xiaodong", memberName: "马晓东", period: "2022-W25" },
      { memberKey: "zhang-wei", memberName: "张伟", period: "2022-W25" },
    ]);
  });

  it("reads a cumulative figure at the latest week, from the lead owner only", () => {
    const figure = aggregate("blue-sky", "good-air-days");
    expect(figure.value).toBe("170");
    expect(figure.sources).toEqual([
      { memberKey: "zhang-wei", memberName: "张伟", period: "2022-W26" },
    ]);
    expect(figure.meetsTarget).toBeUndefined();
  });

  it("compares with the baseline year on year", () => {
    expect(aggregate("blue-sky", "pm25").yearOnYear).toBe("flat");
    const w24 = input.reports.filter((r) => r.period === "2022-W24");
    expect(aggregate("blue-sky", "pm25", w24).yearOnYear).toBe("up");
    const lower = [
      report({
        taskKey: "blue-sky",
        memberKey: "zhang-wei",
        period: "2022-W26",
        values: { pm25: "33.5" },
      }),
    ];
    expect(aggregate("blue-sky", "pm25", lower)).toMatchObject({
      yearOnYear: "down",
      display: "33.5",
    });
  });

  it("keeps the precision the figure was typed with", () => {
    expect(aggregate("clear-water", "water-quality-index")).toMatchObject({
      value: "3.264",
      display: "3.2640",
    });
    expect(aggregate("inspection-rectification", "slag-removed")).toMatchObject({
      value: "5.11",
      display: "5.11",
      unit: "万方",
    });
  });

  it("checks the target against the direction", () => {
    expect(aggregate("clear-water", "surface-water-good-rate")).toMatchObject({
      value: "100",
      meetsTarget: true,
      target: "100",
    });
    const below = [
      report({
        taskKey: "clear-water",
        memberKey: "sun-hao",
        period: "2022-W26",
        values: { "surface-water-good-rate": "98.5" },
      }),
    ];
    expect(aggregate("clear-water", "surface-water-good-rate", below).meetsTarget).toBe(false);
  });

  it("leaves a figure nobody reported undefined, ignoring skipped reports and other tasks", () => {
    const figure = aggregate("clean-soil", "soil-projects-submitted", [
      report({
        taskKey: "clean-soil",
        memberKey: "wu-lei",
        period: "2022-W24",
        state: "skipped",
        values: { "soil-projects-submitted": "9" },
      }),
      report({
        taskKey: "clear-water",
        memberKey: "wu-lei",
        period: "2022-W24",
        values: { "soil-projects-submitted": "9" },
      }),
      report({ taskKey: "clean-soil", memberKey: "wu-lei", period: "2022-W25", values: {} }),
    ]);
    expect(figure.value).toBeUndefined();
    expect(figure.display).toBeUndefined();
    expect(figure.byUnit).toEqual([]);
    expect(figure.sources).toEqual([]);
  });

  it("with one owner, is that owner's figure", () => {
    expect(aggregate("clean-soil", "soil-projects-approved")).toMatchObject({
      value: "4",
      byUnit: [{ unitKey: "soil-office", value: "4" }],
    });
  });

  it("takes the higher revision when two versions of a week are given", () => {
    const reports = [
      report({
        taskKey: "clean-soil",
        memberKey: "wu-lei",
        period: "2022-W25",
        revision: 2,
        values: { "soil-projects-approved": "5" },
      }),
      report({
        taskKey: "clean-soil",
        memberKey: "wu-lei",
        period: "2022-W25",
        revision: 1,
        values: { "soil-projects-approved": "4" },
      }),
    ];
    expect(aggregate("clean-soil", "soil-projects-approved", reports).value).toBe("5");
  });

  it("averages a mean over the weeks to 6 digits, and ratios across owners", () => {
    const mean: SummaryMetric = {
      ...metric("clear-water", "surface-water-good-rate"),
      key: "m",
      aggregation: "mean",
      reportedBy: "every_owner",
    };
    const reports = [
      report({
        taskKey: "clear-water",
        memberKey: "sun-hao",
        period: "2022-W24",
        values: { m: "1" },
      }),
      report({
        taskKey: "clear-water",
        memberKey: "sun-hao",
        period: "2022-W25",
        values: { m: "2" },
      }),
      report({
        taskKey: "clear-water",
        memberKey: "sun-hao",
        period: "2022-W26",
        values: { m: "2" },
      }),
      report({
        taskKey: "clear-water",
        memberKey: "zhou-jing",
        period: "2022-W26",
        values: { m: "3" },
      }),
    ];
    const own = aggregateMetric(
      mean,
      task("clear-water"),
      reports.slice(0, 3),
      input.members,
      input.units,
    );
    expect(own.value).toBe("1.666667");
    expect(own.display).toBe("1.67");
    // Two owners of one unit: the mean of 1.666667 and 3 (a ratio is averaged, not summed).
    const both = aggregateMetric(mean, task("clear-water"), reports, input.members, input.units);
    expect(both.value).toBe("2.333334");
    expect(both.byUnit).toHaveLength(1);
  });

  it("takes max and min of the weeks when the aggregation says so, even for a cumulative figure", () => {
    const reports = [
      report({
        taskKey: "blue-sky",
        memberKey: "zhang-wei",
        period: "2022-W24",
        values: { pm25: "36" },
      }),
      report({
        taskKey: "blue-sky",
        memberKey: "zhang-wei",
        period: "2022-W25",
        values: { pm25: "33" },
      }),
      report({
        taskKey: "blue-sky",
        memberKey: "zhang-wei",
        period: "2022-W26",
        values: { pm25: "34" },
      }),
    ];
    const max = aggregateMetric(
      { ...metric("blue-sky", "pm25"), aggregation: "max" },
      task("blue-sky"),
      reports,
      input.members,
      input.units,
    );
    const min = aggregateMetric(
      { ...metric("blue-sky", "pm25"), aggregation: "min" },
      task("blue-sky"),
      reports,
      input.members,
      input.units,
    );
    expect([max.value, max.sources[0]?.period]).toEqual(["36", "2022-W24"]);
    expect([min.value, min.sources[0]?.period]).toEqual(["33", "2022-W25"]);
  });
});
