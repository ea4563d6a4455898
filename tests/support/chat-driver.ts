import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { createIncomingHandler, type IncomingHandler } from "../../src/chat/handle-incoming.js";
import type { Incoming } from "../../src/core/incoming.js";
import { plainText, type Reply } from "../../src/core/reply.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { logger } from "../../src/logger.js";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "./campaign-files.js";

/** A person talking to the core directly (no platform): what they send, what comes back. */
export class ChatDriver {
  private updateId = 0;
  private static nextUpdateId = 1_000;
  lastReplies: Reply[] = [];

  constructor(
    private readonly options: {
      prisma: PrismaClient;
      userId: string;
      chatKind?: "private" | "group";
      chatId?: string;
      now: () => Date;
      handler?: IncomingHandler;
    },
  ) {}

  private ownHandler: IncomingHandler | undefined;

  /** One handler for the driver's whole conversation, as one running bot has: its next
   * steps take the one-statement way (`StepMemory`) as they do in production. */
  private get handler(): IncomingHandler {
    this.ownHandler ??=
      this.options.handler ??
      createIncomingHandler({ prisma: this.options.prisma, logger, now: this.options.now });
    return this.ownHandler;
  }

  private async deliver(content: Incoming["content"], updateKey?: string): Promise<Reply[]> {
    const key = updateKey ?? String(ChatDriver.nextUpdateId++);
    this.updateId += 1;
    const incoming: Incoming = {
      platform: "telegram",
      updateKey: key,
      receivedAt: this.options.now(),
      user: { externalId: this.options.userId, displayName: "Test" },
      chat: {
        id: this.options.chatId ?? this.options.userId,
        kind: this.options.chatKind ?? "private",
      },
      content,
    };
    await this.handler(incoming);
    const rows = await this.options.prisma.outboxMessage.findMany({
      where: { idempotencyKey: { startsWith: `in:telegram:${key}#` } },
      orderBy: { idempotencyKey: "asc" },
    });
    this.lastReplies = rows.map((row) => row.payload as unknown as Reply);
    return this.lastReplies;
  }

  send(text: string, updateKey?: string) {
    return this.deliver({ kind: "text", text }, updateKey);
  }
  /** A text with its platform message id, so that it can be edited later. */
  sendMessage(text: string, messageId: string) {
    return this.deliver({ kind: "text", text, messageId });
  }
  /** The person edits a message they sent. */
  editMessage(messageId: string, text: string) {
    return this.deliver({ kind: "edited", text, messageId });
  }
  command(name: string, args = "") {
    return this.deliver({ kind: "command", name, args });
  }
  sticker() {
    return this.deliver({ kind: "unsupported", what: "sticker" });
  }
  choose(data: string, updateKey?: string) {
    return this.deliver({ kind: "choice", data }, updateKey);
  }

  /** Taps the button of the last replies whose data ends with `|<action>` (or equals it). */
  tap(action: string, updateKey?: string) {
    return this.choose(this.buttonData(action), updateKey);
  }

  buttonData(action: string): string {
    const buttons = this.lastReplies.flatMap((reply) =>
      reply.kind === "message" ? (reply.buttons ?? []).flat() : [],
    );
    const button = buttons.find((b) => b.data === action || b.data.endsWith(`|${action}`));
    if (!button) {
      throw new Error(
        `no button "${action}" in: ${JSON.stringify(buttons.map((b) => b.data))}\n${this.text()}`,
      );
    }
    return button.data;
  }

  /** The text of the last replies, joined. */
  text(): string {
    return this.lastReplies
      .map((reply) => (reply.kind === "file" ? `[file ${reply.fileName}]` : plainText(reply.text)))
      .join("\n---\n");
  }
}

/** 张伟's Telegram account in the reference campaign. */
export const ZHANG_WEI = "512340021";

/**
 * The reference campaign imported, and 张伟 in the middle of his weekly report at `now`: the
 * conversation open, one progress item given (so a draft row exists).
 */
export async function referenceReportUnderWay(prisma: PrismaClient, now: Date): Promise<void> {
  await importCampaign({ prisma, file: loadCampaignFile(REFERENCE_EXAMPLE) });
  const zhang = new ChatDriver({ prisma, userId: ZHANG_WEI, now: () => now });
  await zhang.command("report");
  await zhang.send("开展秸秆禁烧巡查暗访");
}
