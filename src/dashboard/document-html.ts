import type { SummaryBlock, SummaryDocument } from "../summaries/summary-document.js";
import { html, type SafeHtml } from "./html-text.js";

function block(item: SummaryBlock): SafeHtml {
  switch (item.kind) {
    case "heading":
      // The title is h1 and the page's section h2: a level-1 heading is h3.
      return item.level === 1
        ? html`<h3>${item.text}</h3>`
        : item.level === 2
          ? html`<h4>${item.text}</h4>`
          : html`<h5>${item.text}</h5>`;
    case "paragraph":
      return html`<p>${item.text}</p>`;
    case "addressees":
      return html`<p class="addressees">${item.text}</p>`;
    case "list":
      return html`<ul>${item.items.map((text) => html`<li>${text}</li>`)}</ul>`;
    case "signature":
      return html`<p class="signature">${item.issuer}<br>${item.date}</p>`;
    case "copyTo":
      return html`<p class="copy-to">${item.text}</p>`;
    case "note":
      return html`<p class="note">${item.text}</p>`;
  }
}

/**
 * A compiled digest or circular as an HTML article, word for word as the other renderers lay
 * it out: issuer and number above the title, headings, paragraphs, lists, the signature set
 * right, 抄送 under a rule. Everything escaped. Pure.
 */
export function documentHtml(doc: SummaryDocument): SafeHtml {
  return html`<article class="document" lang="${doc.locale}">
${doc.issuer ? html`<p class="issuer">${doc.issuer}</p>` : ""}${
  doc.number ? html`<p class="number">${doc.number}</p>` : ""
}<h2>${doc.title}</h2>
${doc.blocks.map(block)}
</article>`;
}
