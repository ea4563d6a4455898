import type { App } from "@slack/bolt";
import { z } from "zod";
import type { DirectAnswer } from "../../core/direct-answer.js";
import type { Incoming } from "../../core/incoming.js";
import type { Reply } from "../../core/reply.js";
import { DEFAULT_LOCALE } from "../../i18n/locales.js";
import { t } from "../../i18n/translate.js";
import type { Logger } from "../../logger.js";
import { answeredBlocks } from "./answered-message.js";
import { formErrorsResponse, readFormSubmission, renderFormModal } from "./render-form.js";
import { renderHomeView } from "./render-home.js";
import { renderSlackReply } from "./render-reply.js";
import {
  actionToIncoming,
  commandToIncoming,
  homeOpenedToIncoming,
  messageToIncoming,
  viewSubmissionToIncoming,
} from "./to-incoming.js";

/** The modal of a report form; its private metadata is the core's form id. */
export const REPORT_FORM_CALLBACK = "duban_report_form";

/** The slash command every duban command goes through: `/duban report`, `/duban status 2`. */
export const SLACK_COMMAND = "/duban";

interface ListenerDeps {
  handle: (incoming: Incoming) => Promise<DirectAnswer>;
  logger: Logger;
  now: () => Date;
  botUserId: () => string | undefined;
}

/** The parts of a tapped message that Slack sends back with the tap. */
const ZTappedMessage = z.object({
  container: z.object({
    type: z.literal("message"),
    channel_id: z.string(),
    message_ts: z.string(),
    is_ephemeral: z.boolean().optional(),
  }),
  message: z.object({ blocks: z.array(z.unknown()).optional(), text: z.string().optional() }),
  actions: z.array(
    z.object({ action_id: z.string(), text: z.object({ text: z.string() }).optional() }),
  ),
});

const ZEnvelope = z.object({ event_id: z.string().min(1) });
const ZTrigger = z.object({ trigger_id: z.string().min(1) });

/**
 * Bolt listeners for everything duban answers: direct messages, the App Home, `/duban`,
 * buttons and the report form's modal. Each turns the payload into an `Incoming`, awaits
 * the core, and shows its direct answer where Slack needs one now. Slash commands and
 * buttons are acknowledged before the core runs (Slack allows three seconds); a modal's
 * submission is acknowledged with the core's verdict (its field errors), which is why the
 * form's checks run inside those three seconds.
 */
export function registerSlackListeners(app: App, deps: ListenerDeps): void {
  const { handle, logger, now } = deps;

  const openForm = async (triggerId: string, answer: DirectAnswer) => {
    if (answer.kind !== "openForm") return false;
    await app.client.views.open({
      trigger_id: triggerId,
      view: renderFormModal(answer.form, {
        callbackId: REPORT_FORM_CALLBACK,
        privateMetadata: answer.form.id,
      }),
    });
    return true;
  };

  app.event("message", async ({ event, body }) => {
    const envelope = ZEnvelope.safeParse(body);
    if (!envelope.success) return;
    const botUserId = deps.botUserId();
    const incoming = messageToIncoming(event, {
      eventId: envelope.data.event_id,
      now: now(),
      ...(botUserId ? { botUserId } : {}),
    });
    if (incoming) await handle(incoming);
  });

  app.event("app_home_opened", async ({ event, body }) => {
    const envelope = ZEnvelope.safeParse(body);
    if (!envelope.success) return;
    const incoming = homeOpenedToIncoming(event, { eventId: envelope.data.event_id, now: now() });
    if (!incoming) return;
    const answer = await handle(incoming);
    if (answer.kind !== "replies") return;
    await app.client.views.publish({
      user_id: incoming.user.externalId,
      view: renderHomeView(answer.replies, {
        shortened: t(answer.locale ?? DEFAULT_LOCALE, "slack.home.shortened"),
      }),
    });
  });

  app.command(SLACK_COMMAND, async ({ ack, body, respond }) => {
    await ack();
    const incoming = commandToIncoming(body, { now: now() });
    if (!incoming) return;
    const answer = await handle(incoming);
    if (await openForm(body.trigger_id, answer)) return;
    if (answer.kind === "replies") {
      // A response URL takes five messages: the answer's first parts, then a pointer.
      for (const message of ephemeralMessages(answer.replies)) await respond(message);
      return;
    }
    // Asked outside the app's direct messages: say where the answer went.
    if (!body.channel_id.startsWith("D")) {
      const text = t(answer.locale ?? DEFAULT_LOCALE, "slack.answeredInDm");
      await respond({ response_type: "ephemeral", text });
    }
  });

  app.action(/.+/, async ({ ack, body }) => {
    await ack();
    const incoming = actionToIncoming(body, { now: now() });
    if (!incoming) return;
    const answer = await handle(incoming);
    const trigger = ZTrigger.safeParse(body);
    if (trigger.success && (await openForm(trigger.data.trigger_id, answer))) return;
    await markAnswered(body).catch((error: unknown) => {
      // The tap is handled; an old message merely keeps its buttons.
      logger.debug({ err: error }, "slack tapped message not updated");
    });
  });

  app.view(REPORT_FORM_CALLBACK, async ({ ack, body, view }) => {
    const values = readFormSubmission(view);
    const incoming = viewSubmissionToIncoming(body, values, { now: now() });
    if (!incoming) {
      await ack();
      return;
    }
    const answer = await handle(incoming);
    if (answer.kind === "formErrors") await ack(formErrorsResponse(answer.errors));
    else await ack();
  });

  /** A tapped message loses its buttons and says what was chosen, as Telegram's does. */
  const markAnswered = async (body: unknown) => {
    const tapped = ZTappedMessage.safeParse(body);
    if (!tapped.success || tapped.data.container.is_ephemeral) return;
    const action = tapped.data.actions[0];
    const blocks = tapped.data.message.blocks;
    if (!action || !blocks) return;
    await app.client.chat.update({
      channel: tapped.data.container.channel_id,
      ts: tapped.data.container.message_ts,
      text: tapped.data.message.text ?? "",
      blocks: answeredBlocks(blocks, {
        actionId: action.action_id,
        label: action.text?.text ?? "",
      }),
    });
  };
}

/** Slack takes five responses on one response URL. */
const RESPONSES_PER_URL = 5;

/** Replies as ephemeral responses (a slash command's answer, seen only by who asked). */
function ephemeralMessages(replies: readonly Reply[]) {
  return replies
    .flatMap((reply) =>
      renderSlackReply(
        reply.kind === "file"
          ? { kind: "message", text: reply.caption ?? [{ text: reply.fileName }] }
          : reply,
      ),
    )
    .flatMap((part) =>
      part.kind === "message"
        ? [{ response_type: "ephemeral" as const, text: part.text, blocks: part.blocks }]
        : [],
    )
    .slice(0, RESPONSES_PER_URL);
}
