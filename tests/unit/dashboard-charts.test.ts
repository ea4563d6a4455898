import { describe, expect, it } from "vitest";
import {
  metricChartOption,
  submissionChartOption,
  weekLabel,
} from "../../src/dashboard/chart-options.js";
import { renderChartSvg, svgDataUrl } from "../../src/dashboard/render-chart.js";
import type { MetricTrend } from "../../src/summaries/compile-trends.js";

const trend: MetricTrend = {
  taskKey: "grow-signups",
  taskNumber: 1,
  taskTitle: "Grow self-serve sign-ups",
  metricKey: "signups",
  name: "New sign-ups",
  target: "12000",
  direction: "higher",
  points: [
    { week: "2027-W22" },
    { week: "2027-W23", value: "420", display: "420", meetsTarget: false },
  ],
};

describe("the dashboard's charts", () => {
  it("labels weeks short", () => {
    expect(weekLabel("2027-W05")).toBe("W05");
  });

  it("draws the submission rate as bars, amber where someone did not report", () => {
    const option = submissionChartOption(
      [
        { week: "2027-W22", expected: 7, submitted: 7, late: 1, rate: 100 },
        { week: "2027-W23", expected: 7, submitted: 1, late: 0, rate: 14 },
      ],
      { series: "Submitted" },
    );
    expect(option.xAxis).toMatchObject({ data: ["W22", "W23"] });
    const [series] = option.series as { data: { value: number; itemStyle: { color: string } }[] }[];
    expect(series?.data.map((bar) => bar.value)).toEqual([100, 14]);
    expect(series?.data[0]?.itemStyle.color).not.toBe(series?.data[1]?.itemStyle.color);
  });

  it("draws a metric as a line with gaps before its first figure and its target dashed", () => {
    const option = metricChartOption(trend, { series: "To date", target: "Target" });
    const [series] = option.series as {
      data: (number | null)[];
      markLine: { data: { yAxis: number }[]; label: { formatter: string } };
    }[];
    expect(series?.data).toEqual([null, 420]);
    expect(series?.markLine.data).toEqual([{ yAxis: 12000 }]);
    expect(series?.markLine.label.formatter).toBe("Target 12000");
    // The axis reaches the target, far above the figures, so the line is drawn.
    expect(option.yAxis).toMatchObject({ min: 0, max: 12000 });
    const { target: _target, ...untargeted } = trend;
    const plain = metricChartOption(untargeted, { series: "To date", target: "Target" });
    expect((plain.series as { markLine?: unknown }[])[0]?.markLine).toBeUndefined();
  });

  it("renders an option to SVG on the server, with the figures in it", () => {
    const svg = renderChartSvg(metricChartOption(trend, { series: "To date", target: "Target" }), {
      width: 640,
      height: 280,
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('width="640"');
    expect(svg).toContain(">420<");
    expect(svg).not.toContain("<script");
    expect(svgDataUrl("<svg/>")).toBe(`data:image/svg+xml;base64,${btoa("<svg/>")}`);
  });
});
