/**
 * Builds DOM nodes; text only ever goes in through `textContent`, so nothing from the API or
 * from a person can become markup.
 *
 * @param {string} tag
 * @param {{ className?: string, text?: string, attrs?: Record<string, string> }} [options]
 * @param {(Node | null | undefined)[]} [children]
 * @returns {HTMLElement}
 */
export function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}

const SPAN_TAGS = { bold: "strong", italic: "em", code: "code" };

/**
 * The API's spans as nodes: plain text, or `<strong>`/`<em>`/`<code>` for a styled span.
 * Line breaks stay `\n`; the stylesheet keeps them (`white-space: pre-wrap`). An http(s)
 * address in plain text becomes a link, as Telegram and Slack show it.
 *
 * @param {{ text: string, style?: "bold" | "italic" | "code" }[]} spans
 * @returns {Node[]}
 */
export function spanNodes(spans) {
  return spans.flatMap((span) => {
    const tag = span.style ? SPAN_TAGS[span.style] : undefined;
    return tag ? [el(tag, { text: span.text })] : linkedText(span.text);
  });
}

const ADDRESS = /https?:\/\/[^\s<>"'）】，。]+/g;

/**
 * Text with its web addresses as links (opened in a new tab, sending no referrer).
 *
 * @param {string} text
 * @returns {Node[]}
 */
function linkedText(text) {
  const nodes = [];
  let from = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const address = match[0].replace(/[.,;:!?)]+$/, "");
    const at = match.index ?? 0;
    if (at > from) nodes.push(document.createTextNode(text.slice(from, at)));
    nodes.push(
      el("a", {
        text: address,
        attrs: { href: address, target: "_blank", rel: "noopener noreferrer" },
      }),
    );
    from = at + address.length;
  }
  if (from < text.length) nodes.push(document.createTextNode(text.slice(from)));
  return nodes;
}

/** A random id for `clientId`: `crypto.randomUUID` needs a secure context, this does not. */
export function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
