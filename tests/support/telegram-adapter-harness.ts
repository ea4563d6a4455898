import { pino } from "pino";
import type { Incoming } from "../../src/core/incoming.js";
import { type Reply, rich, textMessage } from "../../src/core/reply.js";
import type { Logger } from "../../src/logger.js";
import type { TelegramGateway } from "../../src/platforms/telegram/telegram-gateway.js";
import type { TelegramEmulator } from "./telegram-emulator.js";

/** A pino logger that keeps every line, to check what the adapter logs (and never logs). */
export function captureLogs(): {
  logger: Logger;
  entries: () => Record<string, unknown>[];
  raw: () => string;
} {
  const lines: string[] = [];
  const logger = pino({ level: "trace" }, { write: (line: string) => void lines.push(line) });
  return {
    logger,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    raw: () => lines.join(""),
  };
}

/**
 * Stands in for the core and the outbox: records each Incoming and answers through a real
 * TelegramGateway, as the dispatcher would.
 */
export function fakeCore(gateway: () => TelegramGateway, emulator: TelegramEmulator) {
  const seen: Incoming[] = [];
  const answersBeforeChoice: number[] = [];
  let active = 0;
  let maxActive = 0;
  const send = (incoming: Incoming, reply: Reply) => gateway().send(incoming.chat.id, reply);
  const handleIncoming = async (incoming: Incoming): Promise<void> => {
    seen.push(incoming);
    active += 1;
    maxActive = Math.max(maxActive, active);
    try {
      await new Promise((resolve) => setTimeout(resolve, 2)); // let overlaps show
      const content = incoming.content;
      switch (content.kind) {
        case "text":
          await send(incoming, {
            kind: "message",
            text: [rich.bold("You said: "), rich.plain(content.text)],
          });
          return;
        case "choice":
          answersBeforeChoice.push(emulator.calls("answerCallbackQuery").length);
          await send(incoming, textMessage(`Chose ${content.data}`));
          return;
        case "unsupported":
          await send(incoming, textMessage(`Cannot read ${content.what}`));
          return;
        case "command":
          if (content.name === "boom") throw new Error("handler exploded");
          if (content.name === "long") {
            await send(incoming, textMessage("x".repeat(4000), "y".repeat(998)));
            return;
          }
          if (content.name === "report") {
            const buttons = [
              [
                { label: "Yes", data: "track:yes" },
                { label: "No", data: "track:no" },
              ],
            ];
            await send(incoming, { kind: "message", text: [rich.plain("On track?")], buttons });
            return;
          }
          await send(incoming, {
            kind: "message",
            text: [rich.code(`/${content.name}`), rich.plain(` [${content.args}]`)],
          });
      }
    } finally {
      active -= 1;
    }
  };
  return { seen, answersBeforeChoice, handleIncoming, maxActive: () => maxActive };
}
