import { z } from "zod";
import { BUTTON_DATA_MAX } from "../../core/incoming.js";

/** The page's id of one thing the person did: a retried POST with the same id counts once. */
export const ZClientId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "8 to 64 letters, digits, '-' or '_'");

/** The most a person's message may hold (Telegram's limit is 4,096 as well). */
export const WEB_TEXT_MAX = 4096;

/** `POST /tryout/api/session`: try duban as this member. */
export const ZChooseMemberBody = z.object({ memberKey: z.string().min(1).max(200) });

/** `POST /tryout/api/messages`: a text, or a command when it starts with `/`. */
export const ZWebTextBody = z.object({
  clientId: ZClientId,
  text: z
    .string()
    .max(WEB_TEXT_MAX)
    .refine((text) => text.trim() !== "", "must not be blank"),
});
export type WebTextBody = z.infer<typeof ZWebTextBody>;

/** `POST /tryout/api/choices`: a button of a bot message pressed. */
export const ZWebChoiceBody = z.object({
  clientId: ZClientId,
  messageId: z.string().regex(/^\d{1,19}$/, "a message id"),
  data: z.string().min(1).max(BUTTON_DATA_MAX),
});
export type WebChoiceBody = z.infer<typeof ZWebChoiceBody>;

/** `GET /tryout/api/messages?after=&wait=`: a cursor and how long to wait for news. */
export const ZMessagesQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,19}$/, "a cursor")
    .optional(),
  wait: z.coerce.number().int().min(0).max(25).optional(),
});
