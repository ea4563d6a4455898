/**
 * `telegram-test-api` itself: the declarations we use, starting it on a free port, and the
 * fixes its updates need before a bot sees them. Its behaviour is described in
 * `../telegram-emulator.ts`.
 */
import { createRequire } from "node:module";
import { type Answer, isRecord, type Params } from "./bot-api.js";
import { freePort, HOST } from "./free-port.js";

interface StoredBotMessage {
  botToken: string;
  messageId: number;
  message: Params & { chat_id: number | string };
}
export interface EmulatorClient {
  makeMessage(text: string, options?: Params): Params;
  makeCommand(text: string, options?: Params): Params;
  makeCallbackQuery(data: string, options?: Params): Params;
  sendMessage(body: Params): Promise<unknown>;
  sendCommand(body: Params): Promise<unknown>;
  sendCallback(body: Params): Promise<unknown>;
}
/** The declarations of `telegram-test-api` we use (its own types import a missing `typegram`). */
export interface EmulatorServer {
  config: { apiURL: string };
  storage: { botMessages: StoredBotMessage[]; userMessages: Params[] };
  start(): Promise<void>;
  stop(): Promise<boolean>;
  getClient(token: string, options: Params): EmulatorClient;
  getUpdates(token: string): Params[];
  setWebhook(webhook: { url: string }, token: string): void;
  deleteWebhook(token: string): void;
  on(event: string, listener: () => void): unknown;
  /** The id the next user update gets (the emulator's own counter). */
  updateId: number;
}
const TelegramServer = createRequire(import.meta.url)("telegram-test-api") as new (config: {
  port: number;
  host: string;
  storeTimeout: number;
}) => EmulatorServer;

/** Starts the emulator on a free loopback port (its `port: 0` means 9000). */
export async function startEmulatorServer(): Promise<EmulatorServer> {
  for (let attempt = 1; ; attempt++) {
    // Stored messages older than storeTimeout seconds are purged: keep them for a day.
    const server = new TelegramServer({ port: await freePort(), host: HOST, storeTimeout: 86_400 });
    try {
      await server.start();
      return server;
    } catch (error: unknown) {
      if (attempt >= 5) throw error; // the port was taken between the lookup and the start
    }
  }
}

/** Posts a Bot API call to the emulator as is and returns its answer. */
export async function forward(
  server: EmulatorServer,
  path: string,
  contentType: string,
  body: Buffer | string,
): Promise<Answer> {
  const response = await fetch(`${server.config.apiURL}${path}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  const parsed: unknown = JSON.parse(await response.text());
  const answer = isRecord(parsed) ? parsed : {};
  return { status: response.status, body: answer };
}

/** Removes the emulator's `botToken` leak and adds the `chat_instance` it leaves out. */
export function cleanUpdate(update: Params): Params {
  const query = update.callback_query;
  if (isRecord(query)) {
    const chat = isRecord(query.message) ? query.message.chat : undefined;
    const chatInstance = String(isRecord(chat) ? chat.id : "");
    return { ...update, callback_query: { chat_instance: chatInstance, ...query } };
  }
  if (!isRecord(update.message)) return update;
  const { botToken: _leak, ...message } = update.message;
  return { ...update, message };
}
