import type { JobContext, JobOutcome } from "../job-context.js";

const DAY_MS = 86_400_000;
/** Handled updates are kept long enough to recognise any redelivery (Telegram keeps 24 h). */
export const INBOUND_RETENTION_DAYS = 14;
/** Delivered and expired messages are kept a month for `duban outbox status` and support. */
export const OUTBOX_RETENTION_DAYS = 30;
export const TICK_RETENTION_DAYS = 7;
/**
 * Telegram button data kept under a key: a button in a chat stays tappable this long after
 * the last message showing it was sent; a tap after that is answered as an expired button.
 */
export const TELEGRAM_BUTTON_RETENTION_DAYS = 90;

/**
 * The daily clean-up of what must not grow forever: handled inbound-update records, sent and
 * expired outbox rows, old scheduler ticks, long-unused Telegram button data, expired sign-in
 * links and sessions (the dashboard's and the try-out chat's, refused anyway once expired); and
 * conversations left open past their close are closed (their drafts stay).
 */
export async function keepHouse(context: JobContext): Promise<JobOutcome> {
  const { tx, now } = context;
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const inbound = await tx.inboundUpdate.deleteMany({
    where: { handledAt: { lt: before(INBOUND_RETENTION_DAYS) } },
  });
  const outbox = await tx.outboxMessage.deleteMany({
    where: {
      state: { in: ["sent", "expired"] },
      createdAt: { lt: before(OUTBOX_RETENTION_DAYS) },
    },
  });
  const ticks = await tx.schedulerTick.deleteMany({
    where: { claimedAt: { lt: before(TICK_RETENTION_DAYS) } },
  });
  const telegramButtons = await tx.telegramButtonData.deleteMany({
    where: { sentAt: { lt: before(TELEGRAM_BUTTON_RETENTION_DAYS) } },
  });
  const expired = { where: { expiresAt: { lt: now } } };
  const signInLinks = await tx.dashboardSignInLink.deleteMany(expired);
  const dashboardSessions = await tx.dashboardSession.deleteMany(expired);
  const webSessions = await tx.webSession.deleteMany(expired);
  const conversations = await tx.conversation.updateMany({
    where: { closedAt: null, expiresAt: { lt: now } },
    data: { closedAt: now, closeReason: "expired" },
  });
  return {
    queued: 0,
    reached: 0,
    unreachable: [],
    details: {
      inboundUpdates: inbound.count,
      outboxMessages: outbox.count,
      ticks: ticks.count,
      telegramButtons: telegramButtons.count,
      sessions: signInLinks.count + dashboardSessions.count + webSessions.count,
      conversations: conversations.count,
    },
  };
}
