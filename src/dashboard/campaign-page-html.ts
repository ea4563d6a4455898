import type { Locale } from "../i18n/locales.js";
import type { MetricTrend } from "../summaries/compile-trends.js";
import { unitAfterNumber } from "../summaries/summary-words.js";
import { metricChartOption, submissionChartOption, weekLabel } from "./chart-options.js";
import { langQuery } from "./dashboard-layout.js";
import type { CampaignDashboard, TaskGlance } from "./dashboard-model.js";
import type { DashboardSay } from "./dashboard-words.js";
import { html, type SafeHtml } from "./html-text.js";
import { renderChartSvg, svgDataUrl } from "./render-chart.js";

/** Drawn at about a column's width and scaled by CSS to it (the SVG keeps its viewBox), so
 * its labels stay legible from a phone to a desktop. */
const CHART = { width: 480, height: 260 } as const;

/** Where a campaign's pages live. */
export function campaignPath(campaignKey: string): string {
  return `/dashboard/c/${encodeURIComponent(campaignKey)}`;
}

function taskItem(task: TaskGlance, say: DashboardSay): SafeHtml {
  return html`<li class="task light-${task.light}">
<span class="dot" role="img" aria-label="${say(`light.${task.light}`)}"></span>
<div><strong>${task.number}. ${task.title}</strong>
<span class="meta">${say("tasks.submission", { submitted: task.submitted, expected: task.expected })}${
    task.health
      ? html` · ${say("tasks.health", { health: task.health })}${task.reason ? html` (${task.reason})` : ""}`
      : ""
  }</span>${
    task.overdue.length > 0
      ? html`<span class="overdue">${say("tasks.overdue", { titles: task.overdue.join(say("listSeparator")) })}</span>`
      : ""
  }</div>
</li>`;
}

function trendFigure(trend: MetricTrend, say: DashboardSay, locale: Locale): SafeHtml {
  const latest = [...trend.points].reverse().find((point) => point.display !== undefined);
  const unit = unitAfterNumber(trend.unit, locale);
  const caption = say("trends.caption", {
    number: trend.taskNumber,
    name: trend.name,
    value: latest?.display ?? "",
    unit,
    target: trend.target === undefined ? "none" : `${trend.target}${unit}`,
  });
  const chart = renderChartSvg(
    metricChartOption(trend, { series: say("trends.series"), target: say("trends.target") }),
    CHART,
  );
  const alt = trend.points
    .map((point) => `${weekLabel(point.week)} ${point.display ?? "–"}`)
    .join(", ");
  return html`<figure class="chart">
<img src="${svgDataUrl(chart)}" width="${CHART.width}" height="${CHART.height}" alt="${caption}: ${alt}">
<figcaption>${caption}</figcaption>
</figure>`;
}

/**
 * The campaign page's content: the tasks' lights, the submission chart, a chart per metric
 * against its target, who is missing by unit, milestones and deadlines, and (for leaders of
 * the whole campaign) the circular preview and the digest history.
 */
export function campaignPageBody(
  model: CampaignDashboard,
  options: { say: DashboardSay; locale: Locale; chosen: Locale | undefined },
): SafeHtml {
  const { say } = options;
  const base = campaignPath(model.campaignKey);
  const query = langQuery(options.chosen);
  const submissionSvg = renderChartSvg(
    submissionChartOption(model.submission, { series: say("submission.series") }),
    CHART,
  );
  const submissionText = model.submission
    .map((point) => say("submission.point", { ...point, week: weekLabel(point.week) }))
    .join(say("listSeparator"));
  return html`<h1>${model.title}</h1>
<p class="lede">${say("campaign.asOf", { week: model.week, today: model.today })}</p>
${model.wholeCampaign ? "" : html`<p class="scoped">${say("campaign.scoped")}</p>`}
<section aria-labelledby="tasks"><h2 id="tasks">${say("tasks.heading")}</h2>
${
  model.tasks.length > 0
    ? html`<ul class="tasks">${model.tasks.map((task) => taskItem(task, say))}</ul>`
    : html`<p>${say("tasks.none")}</p>`
}
</section>
<section aria-labelledby="submission"><h2 id="submission">${say("submission.heading")}</h2>
<figure class="chart">
<img src="${svgDataUrl(submissionSvg)}" width="${CHART.width}" height="${CHART.height}" alt="${say("submission.heading")}: ${submissionText}">
<figcaption>${submissionText}</figcaption>
</figure>
</section>
<section aria-labelledby="trends"><h2 id="trends">${say("trends.heading")}</h2>
${
  model.trends.length > 0
    ? html`<div class="charts">${model.trends.map((trend) => trendFigure(trend, say, options.locale))}</div>`
    : html`<p>${say("trends.none")}</p>`
}
</section>
<section aria-labelledby="missing"><h2 id="missing">${say("missing.heading", { week: model.week })}</h2>
${
  model.missing.length > 0
    ? html`<dl class="missing">${model.missing.map(
        (unit) =>
          html`<dt>${unit.unitName}</dt>${unit.people.map(
            (person) =>
              html`<dd>${say("missing.person", { name: person.name, numbers: person.taskNumbers.join(say("listSeparator")) })}</dd>`,
          )}`,
      )}</dl>`
    : html`<p>${say("missing.none")}</p>`
}
</section>
<section aria-labelledby="deadlines"><h2 id="deadlines">${say("deadlines.heading")}</h2>
${
  model.deadlines.length > 0
    ? html`<ul class="deadlines">${model.deadlines.map((line) => html`<li>${line}</li>`)}</ul>`
    : html`<p>${say("deadlines.none")}</p>`
}
</section>
<section aria-labelledby="publications"><h2 id="publications">${say("publications.heading")}</h2>
${
  model.wholeCampaign
    ? html`<ul class="links">
<li><a href="${base}/circular/${model.quarter}${query}">${say("circular.preview", { quarter: model.quarter })}</a></li>
<li><a href="${base}/circular/${model.quarter}.docx" download>${say("circular.download", { quarter: model.quarter })}</a></li>
<li><a href="${base}/digests${query}">${say("digests.link")}</a></li>
</ul>`
    : html`<p>${say("circular.scoped")}</p>`
}
</section>`;
}
