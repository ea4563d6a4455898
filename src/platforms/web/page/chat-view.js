import { ApiError, pressButton, readMessages, sendText } from "./api.js";
import { el, randomId } from "./dom.js";
import { messageView } from "./message-view.js";
import { initialOf } from "./picker.js";

/** How long the server may hold a poll (it allows up to 25 s). */
const POLL_WAIT_SECONDS = 25;
const RETRY_MAX_MS = 10_000;

/**
 * The chat with the bot as one member: the messages (kept up to date by long polling), a
 * text box (Enter sends, Shift+Enter a new line) and a "switch person" control. Returns the
 * view's node and `stop`, which ends its polling.
 *
 * @param {{ member: { key: string, name: string, locale: string }, roles: string[],
 *   say: import("./strings.js").Say, onSwitch: () => void, onSignedOut: () => void }} options
 */
export function chatView({ member, roles, say, onSwitch, onSignedOut }) {
  const stopping = new AbortController();
  /** @type {Map<string, import("./message-view.js").Message>} */
  const messages = new Map();
  /** @type {Map<string, HTMLElement>} */
  const rows = new Map();

  const switchButton = el("button", {
    className: "switch",
    text: say("switchPerson"),
    attrs: { type: "button" },
  });
  switchButton.addEventListener("click", onSwitch);
  const header = el("header", { className: "chat-header" }, [
    el("span", {
      className: "avatar",
      text: initialOf(member.name),
      attrs: { "aria-hidden": "true" },
    }),
    el("div", { className: "who" }, [
      el("span", { className: "name", text: member.name }),
      el("span", {
        className: "details",
        text: roles.map((role) => say(`role.${role}`)).join(" · "),
      }),
    ]),
    switchButton,
  ]);

  const hint = el("p", {
    className: "hint",
    text: say(roles.includes("leader") || roles.includes("admin") ? "emptyLeader" : "emptyStaff"),
  });
  const list = el(
    "div",
    { className: "messages", attrs: { role: "log", "aria-label": say("botName") } },
    [hint],
  );
  const status = el("p", { className: "status", attrs: { role: "status" } });

  const input = el("textarea", {
    attrs: {
      rows: "1",
      "aria-label": say("inputLabel"),
      placeholder: say("inputPlaceholder"),
      enterkeyhint: "send",
    },
  });
  const sendButton = el("button", {
    className: "send",
    text: say("send"),
    attrs: { type: "submit" },
  });
  const composer = el("form", { className: "composer" }, [input, sendButton]);

  const showStatus = (/** @type {string} */ text) => {
    status.textContent = text;
    status.hidden = text === "";
  };
  showStatus("");

  const failed = (/** @type {unknown} */ error) => {
    if (error instanceof ApiError && error.status === 401) return onSignedOut();
    const message = error instanceof ApiError && error.message ? error.message : String(error);
    showStatus(say("notSent", { message }));
  };

  const submit = async () => {
    const text = input.value;
    if (text.trim() === "") return;
    input.value = "";
    fitHeight(input);
    try {
      await sendText(randomId(), text);
      showStatus("");
    } catch (error) {
      input.value = input.value || text; // give it back to be sent again
      fitHeight(input);
      failed(error);
    }
  };
  composer.addEventListener("submit", (event) => {
    event.preventDefault();
    void submit();
  });
  input.addEventListener("keydown", (event) => {
    // While an input method composes (Chinese), Enter picks the characters: it must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submit();
    }
  });
  input.addEventListener("input", () => fitHeight(input));

  /** @type {import("./message-view.js").MessageContext} */
  const context = {
    say,
    locale: member.locale,
    async onPress(message, button, buttons) {
      for (const node of buttons.querySelectorAll("button")) node.disabled = true;
      try {
        await pressButton(randomId(), message.id, button.data);
        showStatus("");
      } catch (error) {
        for (const node of buttons.querySelectorAll("button")) node.disabled = false;
        failed(error);
      }
    },
  };

  /** Puts a message in, or replaces its older copy; keeps the list in `id` order. */
  const receive = (/** @type {import("./message-view.js").Message} */ message) => {
    const known = messages.get(message.id);
    if (known && known.revision > message.revision) return;
    messages.set(message.id, message);
    const node = messageView(message, context);
    const old = rows.get(message.id);
    rows.set(message.id, node);
    if (old) {
      old.replaceWith(node);
      return;
    }
    hint.remove();
    const id = BigInt(message.id);
    /** @type {[bigint, HTMLElement] | undefined} */
    let next;
    for (const [other, row] of rows) {
      const otherId = BigInt(other);
      if (otherId > id && (!next || otherId < next[0])) next = [otherId, row];
    }
    if (next) list.insertBefore(node, next[1]);
    else list.append(node);
  };

  const poll = async () => {
    let cursor = "0";
    let caughtUp = false;
    let retryMs = 500;
    while (!stopping.signal.aborted) {
      try {
        const page = await readMessages(cursor, caughtUp ? POLL_WAIT_SECONDS : 0, stopping.signal);
        const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
        for (const message of page.messages) receive(message);
        if (page.messages.length && (nearBottom || !caughtUp)) list.scrollTop = list.scrollHeight;
        cursor = page.cursor;
        caughtUp = page.messages.length === 0;
        retryMs = 500;
        if (status.dataset.offline) {
          delete status.dataset.offline;
          showStatus("");
        }
      } catch (error) {
        if (stopping.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) return onSignedOut();
        status.dataset.offline = "1";
        showStatus(say("offline"));
        await new Promise((resolve) => setTimeout(resolve, retryMs));
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      }
    }
  };

  const node = el(
    "section",
    {
      className: "chat",
      attrs: { lang: member.locale, "aria-label": say("chatWith", { name: member.name }) },
    },
    [header, list, status, composer],
  );
  void poll();
  queueMicrotask(() => input.focus());
  return { node, stop: () => stopping.abort() };
}

/** Grows the text box with its text, up to the height the stylesheet allows. */
function fitHeight(/** @type {HTMLTextAreaElement} */ input) {
  input.style.height = "auto";
  input.style.height = `${input.scrollHeight}px`;
}
