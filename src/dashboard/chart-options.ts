import type { EChartsOption } from "echarts";
import type { MetricTrend, WeekSubmissionPoint } from "../summaries/compile-trends.js";

/** The week as an axis shows it: `W23` of `2022-W23`. */
export function weekLabel(week: string): string {
  return week.slice(week.indexOf("-") + 1);
}

const GREEN = "#2e7d32";
const AMBER = "#b26a00";
const INK = "#37474f";

/** Shared by every chart: no animation (rendered once, on the server), room for labels. */
const BASE = {
  animation: false,
  textStyle: { fontFamily: "sans-serif", fontSize: 13 },
  grid: { left: 48, right: 24, top: 32, bottom: 32 },
} as const;

/**
 * The submission rate per week as bars (0–100 %), each labelled with its percentage, green
 * when everyone reported and amber when someone did not. Pure.
 */
export function submissionChartOption(
  points: readonly WeekSubmissionPoint[],
  labels: { series: string },
): EChartsOption {
  return {
    ...BASE,
    xAxis: { type: "category", data: points.map((point) => weekLabel(point.week)) },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      {
        name: labels.series,
        type: "bar",
        barMaxWidth: 36,
        label: { show: true, position: "top", formatter: "{c}%" },
        data: points.map((point) => ({
          value: point.rate,
          itemStyle: { color: point.rate >= 100 ? GREEN : AMBER },
        })),
      },
    ],
  };
}

/**
 * A metric's figure to date per week as a line (weeks before any figure left as gaps), with
 * its target as a dashed line when it has one; the axis reaches the target so both show. The
 * figures are the compiled decimals, turned into numbers only for drawing. Pure.
 */
export function metricChartOption(
  trend: MetricTrend,
  labels: { series: string; target: string },
): EChartsOption {
  const values = trend.points.map((point) =>
    point.value === undefined ? null : Number(point.value),
  );
  const parsed = trend.target === undefined ? undefined : Number(trend.target);
  const target = parsed === undefined || Number.isNaN(parsed) ? undefined : parsed;
  // A target outside the figures' range would fall off the axis, and ECharts drops it.
  const figures = values.filter((value): value is number => value !== null);
  const reach =
    target === undefined
      ? {}
      : { min: Math.min(0, target, ...figures), max: Math.max(target, ...figures) };
  return {
    ...BASE,
    xAxis: { type: "category", data: trend.points.map((point) => weekLabel(point.week)) },
    yAxis: { type: "value", scale: false, name: trend.unit ?? "", ...reach },
    series: [
      {
        name: labels.series,
        type: "line",
        connectNulls: false,
        symbolSize: 7,
        lineStyle: { color: INK, width: 2 },
        itemStyle: { color: INK },
        label: { show: true, position: "top" },
        data: values,
        ...(target === undefined
          ? {}
          : {
              markLine: {
                symbol: "none",
                silent: true,
                lineStyle: { type: "dashed", color: GREEN },
                label: { formatter: `${labels.target} ${trend.target}`, position: "insideEndTop" },
                data: [{ yAxis: target }],
              },
            }),
      },
    ],
  };
}
