/** The Bot API on the wire: request parameters in, `{ ok, result }` or an error out. */
import type { IncomingMessage, ServerResponse } from "node:http";
import busboy from "busboy";
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

/** An uploaded file of a multipart/form-data call. */
export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

/**
 * A multipart/form-data body (how grammY uploads an `InputFile`) as text fields and files by
 * field name. grammY writes its part headers without spaces and its file names unquoted,
 * which Telegram accepts and undici's strict `formData()` refuses, so busboy reads it.
 */
export function parseMultipart(
  type: string,
  body: Buffer,
): Promise<{ fields: Record<string, string>; files: Map<string, UploadedFile> }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const files = new Map<string, UploadedFile>();
    const reading: Promise<void>[] = [];
    const parser = busboy({
      headers: { "content-type": type },
      limits: { fileSize: 60 * 1024 * 1024 },
    });
    parser.on("field", (name, value) => {
      fields[name] = value;
    });
    parser.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      reading.push(
        new Promise((done) => {
          stream.on("end", () => {
            // The header's raw UTF-8 bytes come back one latin1 character each.
            const fileName = Buffer.from(info.filename, "latin1").toString("utf8");
            files.set(name, { fileName, bytes: Buffer.concat(chunks) });
            done();
          });
        }),
      );
    });
    parser.on("close", () => {
      Promise.all(reading).then(() => resolve({ fields, files }), reject);
    });
    parser.on("error", reject);
    parser.end(quoteFileNames(body));
  });
}

/**
 * grammY writes `filename=通报.docx` unquoted, raw UTF-8 included, which busboy skips as a
 * malformed parameter: the part headers get the quotes the RFC asks for, the data is untouched.
 */
function quoteFileNames(body: Buffer): Buffer {
  const text = body.toString("latin1");
  const quoted = text.replace(
    /(\r\ncontent-disposition:[^\r\n]*;\s*filename=)([^"\r\n;][^\r\n;]*)/gi,
    (_whole, head: string, name: string) => `${head}"${name.replace(/"/g, "%22")}"`,
  );
  return quoted === text ? body : Buffer.from(quoted, "latin1");
}
