import type { ButtonRows, Reply } from "../core/reply.js";

/** A plain-text message, with optional buttons. */
export function textReply(text: string, buttons?: ButtonRows): Reply {
  return buttons
    ? { kind: "message", text: [{ text }], buttons }
    : { kind: "message", text: [{ text }] };
}
