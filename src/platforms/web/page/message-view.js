import { fileUrl } from "./api.js";
import { el, spanNodes } from "./dom.js";

/**
 * @typedef {{ text: string, style?: "bold" | "italic" | "code" }} Span
 * @typedef {{ kind: "text", text: Span[], buttons?: { label: string, data: string }[][], chosen?: string }
 *   | { kind: "file", file: { id: string, name: string, mimeType: string, size: number }, caption?: Span[] }
 *   | { kind: "choice", label: string }} Body
 * @typedef {{ id: string, seq: string, direction: "bot" | "person", revision: number,
 *   createdAt: string, editedAt: string | null, body: Body }} Message
 * @typedef {{ say: import("./strings.js").Say, locale: string,
 *   onPress: (message: Message, button: { label: string, data: string }, node: HTMLElement) => void }} MessageContext
 */

/**
 * One message as a chat row: the bot's on the left, the person's on the right, buttons under
 * a card that can still be answered, the choice on one that was.
 *
 * @param {Message} message
 * @param {MessageContext} context
 * @returns {HTMLElement}
 */
export function messageView(message, context) {
  const { body } = message;
  const bubble = el("div", { className: "bubble" });
  if (body.kind === "text") bubble.append(...spanNodes(body.text));
  else if (body.kind === "choice") bubble.textContent = body.label;
  else bubble.append(fileLink(body, context));

  const row = el("div", {
    className: `message ${message.direction}`,
    attrs: { "data-id": message.id, "data-revision": String(message.revision) },
  });
  row.append(bubble);
  if (body.kind === "text" && body.buttons?.length)
    row.append(buttonRows(message, body.buttons, context));
  if (body.kind === "text" && body.chosen !== undefined) {
    row.append(
      el("div", {
        className: "chosen",
        text: `✓ ${context.say("chosen", { label: body.chosen })}`,
      }),
    );
  }
  row.append(metaLine(message, context));
  return row;
}

/**
 * @param {Extract<Body, { kind: "file" }>} body
 * @param {MessageContext} context
 */
function fileLink(body, { say }) {
  const { file } = body;
  const link = el(
    "a",
    {
      className: "file",
      attrs: {
        href: fileUrl(file.id),
        download: file.name,
        title: say("download", { name: file.name }),
      },
    },
    [
      // The extension as a badge, not an emoji: not every system has an emoji font.
      el("span", {
        className: "file-icon",
        text: (file.name.split(".").pop() ?? "").slice(0, 4).toUpperCase(),
        attrs: { "aria-hidden": "true" },
      }),
      el("span", { className: "file-name", text: file.name }),
      el("span", {
        className: "file-size",
        text: say("kilobytes", { size: String(Math.max(1, Math.round(file.size / 1024))) }),
      }),
    ],
  );
  const caption = body.caption?.length
    ? el("div", { className: "caption" }, spanNodes(body.caption))
    : null;
  return el("div", {}, [link, caption]);
}

/**
 * @param {Message} message
 * @param {{ label: string, data: string }[][]} rows
 * @param {MessageContext} context
 */
function buttonRows(message, rows, context) {
  const container = el("div", { className: "buttons" });
  for (const row of rows) {
    const line = el("div", { className: "button-row" });
    for (const button of row) {
      const node = el("button", { text: button.label, attrs: { type: "button" } });
      node.addEventListener("click", () => context.onPress(message, button, container));
      line.append(node);
    }
    container.append(line);
  }
  return container;
}

/**
 * @param {Message} message
 * @param {MessageContext} context
 */
function metaLine(message, { say, locale }) {
  const time = new Date(message.editedAt ?? message.createdAt);
  const clock = Number.isNaN(time.getTime())
    ? ""
    : time.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  const edited = message.editedAt ? ` · ${say("edited")}` : "";
  return el("div", { className: "meta", text: `${clock}${edited}` });
}
