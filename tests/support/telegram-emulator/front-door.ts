/**
 * The loopback "front door" the bot talks to instead of the emulator: real long polling
 * (timeout, offset, limit, 409 on a second poll or while a webhook is set), a webhook relay that
 * adds the secret header, getMe, getWebhookInfo, Telegram's checks and edit semantics, and a
 * log of every call but getUpdates. Anything else goes to the emulator as is.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type net from "node:net";
import {
  type Answer,
  fail,
  isRecord,
  ok,
  type Params,
  parseMultipart,
  parseParams,
  readBody,
  reply,
  str,
  type UploadedFile,
} from "./bot-api.js";
import { cleanUpdate, forward } from "./emulator-server.js";
import { type EmulatorState, waitFor } from "./emulator-state.js";
import { HOST } from "./free-port.js";
import { outgoingMessages } from "./outgoing-messages.js";
import { OTHER_POLL, WEBHOOK_ACTIVE } from "./telegram-rules.js";

const RELAY_PATH = "/__webhook-relay";

export interface FrontDoor {
  /** The Bot API root the bot should use. */
  readonly apiRoot: string;
  /** Ends pending polls and closes the front door (the emulator keeps running). */
  close(): Promise<void>;
}

/** Starts the front door of this emulator on a free loopback port. */
export async function startFrontDoor(state: EmulatorState): Promise<FrontDoor> {
  const { server, token, strict, signals, log } = state;
  const messages = outgoingMessages(state);
  let queue: Params[] = [];
  let pendingPoll: ServerResponse | undefined;
  let webhook: { url: string; secret: string | undefined } | undefined;
  let stopping = false;
  for (const event of ["AddedUserMessage", "AddedUserCommand", "AddedUserCallbackQuery"]) {
    server.on(event, () => signals.emit("update"));
  }

  function pullUpdates(): void {
    for (const update of server.getUpdates(token)) queue.push(cleanUpdate(update));
    queue.push(...state.extraUpdates.splice(0));
  }

  async function answerCall(
    method: string,
    params: Params,
    raw: { type: string; body: Buffer; files?: Map<string, UploadedFile> },
  ): Promise<Answer> {
    switch (method) {
      case "getMe":
        return ok(state.botUser);
      case "sendMessage":
        return messages.sendMessage(params);
      case "editMessageText":
      case "editMessageReplyMarkup":
        return messages.edit(method, params);
      case "setWebhook": {
        const url = str(params.url);
        if (!url)
          return fail(400, "Bad Request: bad webhook: an HTTPS URL must be provided for webhook");
        webhook = { url, secret: str(params.secret_token) };
        server.setWebhook({ url: `http://${HOST}:${frontDoorPort}${RELAY_PATH}` }, token);
        if (params.drop_pending_updates === true) dropPending();
        return ok(true);
      }
      case "deleteWebhook":
        webhook = undefined;
        server.deleteWebhook(token);
        if (params.drop_pending_updates === true) dropPending();
        return ok(true);
      case "getWebhookInfo":
        return ok({
          url: webhook?.url ?? "",
          has_custom_certificate: false,
          pending_update_count: queue.length,
        });
      case "deleteMessage":
        return messages.deleteMessage(params);
      case "sendDocument":
        return raw.files
          ? messages.sendDocument(params, raw.files)
          : fail(400, "Bad Request: a document is uploaded as multipart/form-data");
      default:
        return forward(server, `/bot${token}/${method}`, raw.type, raw.body);
    }
  }

  function dropPending(): void {
    pullUpdates();
    queue = [];
  }

  async function longPoll(params: Params, response: ServerResponse): Promise<void> {
    if (webhook) {
      return reply(response, fail(409, `Conflict: ${WEBHOOK_ACTIVE}`));
    }
    if (pendingPoll && !pendingPoll.writableEnded) {
      reply(pendingPoll, fail(409, `Conflict: ${OTHER_POLL}`));
    }
    pendingPoll = response;
    response.once("close", () => signals.emit("update"));
    const offset = Number(params.offset ?? 0);
    if (offset > 0) queue = queue.filter((update) => Number(update.update_id) >= offset);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100) || 100));
    const deadline = Date.now() + Math.max(0, Number(params.timeout ?? 0)) * 1000;
    while (!stopping && !response.writableEnded && !response.destroyed) {
      pullUpdates();
      if (queue.length > 0 || Date.now() >= deadline) break;
      await waitFor(signals, "update", deadline - Date.now());
    }
    if (pendingPoll === response) pendingPoll = undefined;
    reply(response, ok(queue.slice(0, limit)));
  }

  async function relayWebhook(body: Buffer, response: ServerResponse): Promise<void> {
    const target = webhook;
    if (target) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (target.secret) headers["x-telegram-bot-api-secret-token"] = target.secret;
      const update: unknown = JSON.parse(body.toString("utf8"));
      const payload = JSON.stringify(isRecord(update) ? cleanUpdate(update) : update);
      const failed = await fetch(target.url, { method: "POST", headers, body: payload }).then(
        (answer) => (answer.ok ? undefined : `HTTP ${answer.status}`),
        (error: unknown) => String(error),
      );
      if (failed) {
        log.push({
          method: "webhook delivery",
          params: { url: target.url },
          ok: false,
          errorCode: undefined,
          description: failed,
          at: Date.now(),
        });
      }
    }
    reply(response, ok(true)); // never fail the emulator: it would reject unhandled
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", `http://${HOST}`);
    const body = await readBody(request);
    if (url.pathname === RELAY_PATH) return relayWebhook(body, response);
    const [, callToken, method] = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname) ?? [];
    if (!callToken || !method) return reply(response, fail(404, "Not Found"));
    if (strict && callToken !== token) return reply(response, fail(401, "Unauthorized"));
    const type = request.headers["content-type"] ?? "application/json";
    let params: Params;
    try {
      params = parseParams(type, body, url.searchParams);
    } catch {
      return reply(response, fail(400, "Bad Request: can't parse request parameters"));
    }
    if (method === "getUpdates") return longPoll(params, response);
    // Uploads come as multipart/form-data: their text fields are the call's parameters.
    let files: Map<string, UploadedFile> | undefined;
    if (type.includes("multipart/form-data")) {
      const form = await parseMultipart(type, body);
      Object.assign(params, form.fields);
      if (typeof params.reply_markup === "string")
        params.reply_markup = JSON.parse(params.reply_markup);
      files = form.files;
    }
    const answer = await answerCall(method, params, { type, body, ...(files ? { files } : {}) });
    const errorCode = answer.body.error_code;
    log.push({
      method,
      params,
      ok: answer.body.ok === true,
      errorCode: typeof errorCode === "number" ? errorCode : undefined,
      description: str(answer.body.description) ?? str(answer.body.message),
      at: Date.now(),
    });
    reply(response, answer);
  }

  const frontDoor = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      reply(response, {
        status: 502,
        body: { ok: false, description: `front door: ${String(error)}` },
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    frontDoor.once("error", reject).listen(0, HOST, resolve);
  });
  const frontDoorPort = (frontDoor.address() as net.AddressInfo).port;

  return {
    apiRoot: `http://${HOST}:${frontDoorPort}`,
    async close() {
      stopping = true;
      signals.emit("update");
      await new Promise<void>((resolve) => {
        frontDoor.close(() => resolve());
        frontDoor.closeAllConnections();
      });
    },
  };
}
