import { describe, expect, it } from "vitest";
import { compileDigest } from "../../src/summaries/compile-digest.js";
import { compileMetricTrends, compileSubmissionTrend } from "../../src/summaries/compile-trends.js";
import { compileTaskLights } from "../../src/summaries/task-lights.js";
import { ankangInput } from "./summaries-fixture.js";

const input = ankangInput();
const all = new Set(input.tasks.map((task) => task.key));
const WEEKS = ["2022-W24", "2022-W25", "2022-W26"];

describe("trends for the dashboard", () => {
  it("counts each week's submission exactly as that week's digest does", () => {
    const trend = compileSubmissionTrend(input, { weeks: WEEKS, visibleTaskKeys: all });
    for (const point of trend) {
      const { submission } = compileDigest(input, {
        week: point.week,
        now: new Date("2022-06-28T02:00:00Z"),
      });
      expect(point).toMatchObject({
        expected: submission.expected,
        submitted: submission.submitted,
        late: submission.late,
      });
      expect(point.rate).toBe(
        submission.expected === 0
          ? 100
          : Math.floor((submission.submitted * 100) / submission.expected),
      );
    }
  });

  it("gives each metric's quarter-to-date figure week by week, ending at the status figure", () => {
    const trends = compileMetricTrends(input, { weeks: WEEKS, visibleTaskKeys: all });
    const fire = trends.find((trend) => trend.metricKey === "fire-points");
    expect(fire?.taskNumber).toBe(1);
    // 30 in W24, then 25 + 12 more in W25, nothing new in W26: the circular's 67.
    expect(fire?.points.map((point) => point.display)).toEqual(["30", "67", "67"]);
    const days = trends.find((trend) => trend.metricKey === "good-air-days");
    expect(days?.points.at(-1)?.display).toBe("170");
  });

  it("leaves out tasks the viewer may not see", () => {
    const only = new Set(["clear-water"]);
    const trends = compileMetricTrends(input, { weeks: WEEKS, visibleTaskKeys: only });
    expect(new Set(trends.map((trend) => trend.taskKey))).toEqual(only);
    const lights = compileTaskLights(input, {
      week: "2022-W26",
      visibleTaskKeys: only,
      today: "2022-06-28",
    });
    expect(lights.map((light) => light.task.key)).toEqual(["clear-water"]);
  });

  it("lights a blocked task red and an at-risk one yellow", () => {
    const lights = compileTaskLights(input, {
      week: "2022-W26",
      visibleTaskKeys: all,
      today: "2022-06-28",
    });
    const light = (key: string) => lights.find((each) => each.task.key === key)?.light;
    expect(light("inspection-rectification")).toBe("red");
    expect(light("blue-sky")).toBe("yellow");
  });
});
