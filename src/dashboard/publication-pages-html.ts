import type { Locale } from "../i18n/locales.js";
import type { SummaryDocument } from "../summaries/summary-document.js";
import { campaignPath } from "./campaign-page-html.js";
import { langQuery } from "./dashboard-layout.js";
import type { DashboardSay } from "./dashboard-words.js";
import { documentHtml } from "./document-html.js";
import { html, type SafeHtml } from "./html-text.js";

/** One issued digest in the history: its latest version. */
export interface DigestEntry {
  week: string;
  number?: number;
  /** `YYYY-MM-DD` in the campaign's zone. */
  issuedOn?: string;
  /** Edited after it was posted (late reports or corrections). */
  updated: boolean;
}

function backLink(campaignKey: string, say: DashboardSay, chosen: Locale | undefined) {
  return html`<p class="back"><a href="${campaignPath(campaignKey)}${langQuery(chosen)}">${say("nav.campaign")}</a></p>`;
}

/** The circular as it compiles now, with its Word download; nothing is saved. */
export function circularPageBody(options: {
  campaignKey: string;
  quarter: string;
  document: SummaryDocument;
  say: DashboardSay;
  chosen: Locale | undefined;
}): SafeHtml {
  const { say, campaignKey, quarter } = options;
  return html`${backLink(campaignKey, say, options.chosen)}
<h1>${say("circular.heading", { quarter })}</h1>
<p class="lede">${say("circular.note")}</p>
<p><a class="button" href="${campaignPath(campaignKey)}/circular/${quarter}.docx" download>${say("circular.download", { quarter })}</a></p>
${documentHtml(options.document)}`;
}

/** The issued digests, latest week first. */
export function digestListBody(options: {
  campaignKey: string;
  entries: readonly DigestEntry[];
  say: DashboardSay;
  chosen: Locale | undefined;
}): SafeHtml {
  const { say, campaignKey } = options;
  const query = langQuery(options.chosen);
  return html`${backLink(campaignKey, say, options.chosen)}
<h1>${say("digests.heading")}</h1>
${
  options.entries.length > 0
    ? html`<ul class="digests">${options.entries.map(
        (entry) =>
          html`<li><a href="${campaignPath(campaignKey)}/digests/${entry.week}${query}">${say("digests.item", { number: entry.number ?? 0, week: entry.week, date: entry.issuedOn ?? "" })}</a>${entry.updated ? html` <span class="meta">${say("digests.updated")}</span>` : ""}</li>`,
      )}</ul>`
    : html`<p>${say("digests.none")}</p>`
}`;
}

/** One issued digest, as it was posted (its latest version). */
export function digestPageBody(options: {
  campaignKey: string;
  document: SummaryDocument;
  say: DashboardSay;
  chosen: Locale | undefined;
}): SafeHtml {
  return html`<p class="back"><a href="${campaignPath(options.campaignKey)}/digests${langQuery(options.chosen)}">${options.say("nav.digests")}</a></p>
${documentHtml(options.document)}`;
}

/** The campaigns a viewer may open. */
export function campaignListBody(options: {
  campaigns: readonly { key: string; title: string }[];
  say: DashboardSay;
  chosen: Locale | undefined;
}): SafeHtml {
  const { say } = options;
  return html`<h1>${say("campaigns.heading")}</h1>
<ul class="campaigns">${options.campaigns.map(
    (campaign) =>
      html`<li><a href="${campaignPath(campaign.key)}${langQuery(options.chosen)}">${campaign.title}</a></li>`,
  )}</ul>`;
}

/** A refusal or a missing page, said plainly. */
export function messageBody(options: { heading: string; text: string }): SafeHtml {
  return html`<h1>${options.heading}</h1>
<p>${options.text}</p>`;
}
