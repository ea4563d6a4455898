/** The Bot API on the wire: request parameters in, `{ ok, result }` or an error out. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { InlineKeyboardMarkup } from "grammy/types";

export type Params = Record<string, unknown>;

/** What a Bot API call answers: an HTTP status and a JSON body. */
export interface Answer {
  status: number;
  body: Params;
}

export const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
export const fail = (code: number, description: string): Answer => ({
  status: code,
  body: { ok: false, error_code: code, description },
});
export const isRecord = (value: unknown): value is Params =>
  typeof value === "object" && value !== null && !Array.isArray(value);
export const str = (value: unknown): string | undefined =>
  typeof value === "string" ? value : undefined;
export const keyboardOf = (markup: unknown): InlineKeyboardMarkup | undefined =>
  isRecord(markup) && Array.isArray(markup.inline_keyboard)
    ? (markup as unknown as InlineKeyboardMarkup)
    : undefined;

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Writes the answer, unless the response is already over (a poll answered 409, a hang-up). */
export function reply(response: ServerResponse, answer: Answer): void {
  if (response.writableEnded || response.destroyed) return;
  response.writeHead(answer.status, { "content-type": "application/json" });
  response.end(JSON.stringify(answer.body));
}

/** The call's parameters from the query string and a JSON or form body, as grammY sends them. */
export function parseParams(type: string, body: Buffer, query: URLSearchParams): Params {
  const params: Params = Object.fromEntries(query);
  if (type.includes("application/json") && body.length > 0) {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (isRecord(parsed)) Object.assign(params, parsed);
  } else if (type.includes("application/x-www-form-urlencoded")) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
  }
  if (typeof params.reply_markup === "string")
    params.reply_markup = JSON.parse(params.reply_markup);
  return params;
}
