import { z } from "zod";
import { BUTTON_DATA_MAX } from "../../core/incoming.js";

/**
 * Rich text as the web chat stores and serves it: the core's spans, each plain text (never
 * markup) with an optional style. The page puts each span in with `textContent`, so nothing a
 * person typed can become HTML.
 */
export const ZWebSpan = z.object({
  text: z.string(),
  style: z.enum(["bold", "italic", "code"]).optional(),
});
export type WebSpan = z.infer<typeof ZWebSpan>;

export const ZWebButton = z.object({
  label: z.string(),
  data: z.string().min(1).max(BUTTON_DATA_MAX),
});

/**
 * One message of the web chat as stored in `WebMessage.body` and served by the API:
 * - `text`: spans, rows of buttons while it can still be answered, and once a button was
 *   pressed `chosen` (its label) with the buttons gone;
 * - `file`: a document to download at `/tryout/api/files/<id>`, with an optional caption;
 * - `choice`: the person pressed a button (its label), shown as their side of the chat.
 */
export const ZWebMessageBody = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("text"),
    text: z.array(ZWebSpan),
    buttons: z.array(z.array(ZWebButton)).optional(),
    chosen: z.string().optional(),
  }),
  z.object({
    kind: z.literal("file"),
    file: z.object({
      id: z.string(),
      name: z.string(),
      mimeType: z.string(),
      size: z.number().int().nonnegative(),
    }),
    caption: z.array(ZWebSpan).optional(),
  }),
  z.object({ kind: z.literal("choice"), label: z.string() }),
]);
export type WebMessageBody = z.infer<typeof ZWebMessageBody>;

/** Who wrote a message of the web chat. */
export type WebDirection = "bot" | "person";

/** A message as the API serves it (see the comment at the top of `web-routes.ts`). */
export interface WebMessageView {
  id: string;
  seq: string;
  direction: WebDirection;
  revision: number;
  createdAt: string;
  editedAt: string | null;
  body: WebMessageBody;
}
