import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LogLevel, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Reply, textMessage } from "../../src/core/reply.js";
import { DeliveryError } from "../../src/outbox/chat-gateway.js";
import { renderSlackReply, type SlackPart } from "../../src/platforms/slack/render-reply.js";
import { describeSlackError } from "../../src/platforms/slack/slack-delivery-error.js";
import { SlackGateway } from "../../src/platforms/slack/slack-gateway.js";

/** One call the stub received: the path and the form fields (JSON ones parsed). */
interface Call {
  path: string;
  fields: Record<string, unknown>;
}

/** How the stub answers one call: a status, headers and a JSON body. */
type Answer = { status?: number; headers?: Record<string, string>; body?: unknown };

/**
 * A few Slack Web API methods on 127.0.0.1, answering what each test queued for a method
 * (else a plain success), and recording every call.
 */
class StubSlack {
  readonly calls: Call[] = [];
  readonly #answers = new Map<string, Answer[]>();
  #server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.#server = createServer((request, response) => void this.#handle(request, response));
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    this.port = (this.#server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  answer(method: string, answer: Answer): void {
    this.#answers.set(method, [...(this.#answers.get(method) ?? []), answer]);
  }

  reset(): void {
    this.calls.length = 0;
    this.#answers.clear();
  }

  client(): WebClient {
    return new WebClient("xoxb-test", {
      slackApiUrl: `http://127.0.0.1:${this.port}/api/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = request.url ?? "";
    const fields: Record<string, unknown> = {};
    if ((request.headers["content-type"] ?? "").includes("urlencoded")) {
      for (const [key, value] of new URLSearchParams(raw)) {
        fields[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
      }
    }
    this.calls.push({ path, fields });
    const method = path.replace(/^\/api\//, "");
    const queued = this.#answers.get(method)?.shift();
    const answer = queued ?? { body: this.#success(method, fields) };
    response.writeHead(answer.status ?? 200, {
      "content-type": "application/json",
      ...answer.headers,
    });
    response.end(JSON.stringify(answer.body ?? {}));
  }

  #success(method: string, fields: Record<string, unknown>): unknown {
    switch (method) {
      case "chat.postMessage": {
        const channel = String(fields.channel);
        return {
          ok: true,
          channel: channel.startsWith("U") ? "D0DM1" : channel,
          ts: "1700000000.000100",
        };
      }
      case "chat.update":
        return { ok: true, channel: fields.channel, ts: fields.ts };
      case "conversations.open":
        return { ok: true, channel: { id: "D0DM1" } };
      case "files.getUploadURLExternal":
        return {
          ok: true,
          upload_url: `http://127.0.0.1:${this.port}/upload/F0FILE1`,
          file_id: "F0FILE1",
        };
      case "files.completeUploadExternal":
        return { ok: true, files: [{ id: "F0FILE1", title: "x" }] };
      default:
        return { ok: true };
    }
  }
}

const slack = new StubSlack();
beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

function gateway(): SlackGateway {
  return new SlackGateway({ client: slack.client() });
}

function firstPart(text: string): SlackPart {
  const [part] = renderSlackReply(textMessage(text));
  if (!part) throw new Error("no part");
  return part;
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

describe("SlackGateway: sending", () => {
  it("posts a message and names it by the channel Slack answered with and its ts", async () => {
    const part = firstPart("周报 <@U9>");
    const { messageId } = await gateway().sendPart("U0PERSON", part);
    expect(messageId).toBe("D0DM1:1700000000.000100");
    const [call] = slack.calls;
    expect(call?.path).toBe("/api/chat.postMessage");
    expect(call?.fields).toMatchObject({
      channel: "U0PERSON",
      text: "周报 &lt;@U9&gt;",
      unfurl_links: "false",
      unfurl_media: "false",
    });
    expect(call?.fields.blocks).toEqual(part.kind === "message" ? part.blocks : []);
  });

  it("edits with chat.update in the channel and at the ts parsed from the message id", async () => {
    const part = firstPart("已更新");
    await gateway().editPart("U0PERSON", "D0DM1:1700000000.000100", part);
    const [call] = slack.calls;
    expect(call?.path).toBe("/api/chat.update");
    expect(call?.fields).toMatchObject({
      channel: "D0DM1",
      ts: "1700000000.000100",
      text: "已更新",
    });
  });

  it("refuses to edit a file or an id it never gave", async () => {
    const part = firstPart("x");
    for (const id of ["file:F0FILE1", "nonsense", "D0DM1:"]) {
      const error = await failure(gateway().editPart("U0PERSON", id, part));
      expect(error.kind).toBe("permanent");
    }
    expect(slack.calls).toEqual([]);
  });

  it("uploads a file to the DM opened for a user, once, and names it by its file id", async () => {
    const base64 = Buffer.from("周报内容").toString("base64");
    const [part] = renderSlackReply({
      kind: "file",
      fileName: "周报.txt",
      mimeType: "text/plain",
      base64,
      caption: [{ text: "第 3 周" }],
    });
    if (!part) throw new Error("no part");
    const slackGateway = gateway();
    expect(await slackGateway.sendPart("U0PERSON", part)).toEqual({ messageId: "file:F0FILE1" });
    await slackGateway.sendPart("U0PERSON", part);
    const paths = slack.calls.map((call) => call.path);
    expect(paths.filter((path) => path === "/api/conversations.open")).toHaveLength(1);
    const completes = slack.calls.filter(
      (call) => call.path === "/api/files.completeUploadExternal",
    );
    expect(completes[0]?.fields).toMatchObject({ channel_id: "D0DM1", initial_comment: "第 3 周" });
    expect(paths).toContain("/upload/F0FILE1");
  });

  it("refuses a recipient that is no Slack id", async () => {
    const error = await failure(gateway().sendPart("12345", firstPart("x")));
    expect(error.kind).toBe("permanent");
    expect(slack.calls).toEqual([]);
  });
});

describe("SlackGateway: failures", () => {
  it("turns a 429 into a retryable error after Retry-After", async () => {
    slack.answer("chat.postMessage", {
      status: 429,
      headers: { "retry-after": "7" },
      body: { ok: false, error: "ratelimited" },
    });
    const error = await failure(gateway().sendPart("C0CHANNEL", firstPart("x")));
    expect(error.kind).toBe("retryable");
    expect(error.retryAfterMs).toBe(7000);
    // Slack limits the method for the workspace: the outbox holds all of Slack's sends.
    expect(error.rateLimited).toBe(true);
    expect(gateway().limits.retryAfterHoldsAll).toBe(true);
  });

  it("turns channel_not_found into unreachable", async () => {
    slack.answer("chat.postMessage", { body: { ok: false, error: "channel_not_found" } });
    const error = await failure(gateway().sendPart("C0CHANNEL", firstPart("x")));
    expect(error.kind).toBe("unreachable");
    expect(error.rateLimited).toBe(false);
    expect(error.message).toBe("slack chat.postMessage: channel_not_found");
  });

  it("turns invalid_blocks into permanent, and logs no message text", async () => {
    slack.answer("chat.postMessage", {
      body: {
        ok: false,
        error: "invalid_blocks",
        response_metadata: {
          messages: ["[ERROR] must be at most 3000 characters [json-pointer:/blocks/0/text/text]"],
        },
      },
    });
    const error = await failure(gateway().sendPart("C0CHANNEL", firstPart("秘密的周报")));
    expect(error.kind).toBe("permanent");
    const described = describeSlackError(error);
    expect(described).toMatchObject({
      method: "chat.postMessage",
      code: "slack_webapi_platform_error",
      error: "invalid_blocks",
    });
    expect(JSON.stringify(described)).not.toContain("秘密");
  });

  it("turns a 500 into retryable", async () => {
    slack.answer("chat.postMessage", { status: 500, body: { ok: false } });
    const error = await failure(gateway().sendPart("C0CHANNEL", firstPart("x")));
    expect(error.kind).toBe("retryable");
    expect(describeSlackError(error)).toMatchObject({ errorKind: "http", statusCode: 500 });
  });

  it("turns Slack's own trouble into retryable and a revoked token into permanent", async () => {
    slack.answer("chat.update", { body: { ok: false, error: "service_unavailable" } });
    const trouble = await failure(gateway().editPart("C0X", "C0X:1.2", firstPart("x")));
    expect(trouble.kind).toBe("retryable");
    slack.answer("chat.postMessage", { body: { ok: false, error: "token_revoked" } });
    const revoked = await failure(gateway().sendPart("C0X", firstPart("x")));
    expect(revoked.kind).toBe("permanent");
  });

  it("turns a refused connection into retryable", async () => {
    const closed = new WebClient("xoxb-test", {
      slackApiUrl: "http://127.0.0.1:1/api/",
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
    const error = await failure(
      new SlackGateway({ client: closed }).sendPart("C0X", firstPart("x")),
    );
    expect(error.kind).toBe("retryable");
    expect(describeSlackError(error)).toMatchObject({ errorKind: "network" });
  });

  it("refuses at render time what Slack would refuse", () => {
    const reply: Reply = {
      kind: "message",
      text: [{ text: "x" }],
      buttons: [[{ label: "a", data: "d".repeat(2001) }]],
    };
    expect(() => gateway().renderParts(reply)).toThrow(DeliveryError);
    try {
      gateway().renderParts(reply);
    } catch (error: unknown) {
      expect((error as DeliveryError).kind).toBe("permanent");
    }
  });

  it("declares Slack's sending limits", () => {
    const { limits } = gateway();
    expect(limits.perSecond).toBe(10);
    expect(limits.chatRate("C0X")).toEqual({ intervalMs: 1000, burst: 3 });
  });
});
