/**
 * Reading what clients post to the fake: form-urlencoded (WebClient's default), JSON (write
 * methods, response_url), multipart (WebClient's file upload) or raw bytes.
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import busboy from "busboy";
import { isRecord } from "./narrow.js";

export interface PostedFile {
  field: string;
  filename: string;
  bytes: Buffer;
}

export interface PostedBody {
  kind: "form" | "json" | "multipart" | "other";
  raw: Buffer;
  fields: Record<string, unknown>;
  files: PostedFile[];
  /** A JSON body that did not parse to an object. */
  badJson: boolean;
}

/**
 * Form fields WebClient JSON-encodes (it stringifies every non-scalar argument). Parsed here so
 * recorded calls and the handlers see objects; a value that fails to parse stays a string and
 * the handler refuses it as Slack does.
 */
const JSON_FIELDS = ["blocks", "attachments", "view", "files", "metadata"];

export function readRaw(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function parseJsonFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out = { ...fields };
  for (const key of JSON_FIELDS) {
    const value = out[key];
    if (typeof value !== "string") continue;
    try {
      out[key] = JSON.parse(value);
    } catch {
      // left as the string: the method answers invalid_blocks_format / invalid_arguments
    }
  }
  return out;
}

function readMultipart(headers: IncomingHttpHeaders, raw: Buffer) {
  return new Promise<{ fields: Record<string, unknown>; files: PostedFile[] }>(
    (resolve, reject) => {
      const fields: Record<string, unknown> = {};
      const files: PostedFile[] = [];
      const parser = busboy({ headers });
      parser.on("field", (name, value) => {
        fields[name] = value;
      });
      parser.on("file", (field, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () =>
          files.push({ field, filename: info.filename, bytes: Buffer.concat(chunks) }),
        );
      });
      parser.on("close", () => resolve({ fields, files }));
      parser.on("error", reject);
      parser.end(raw);
    },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function parseBody(headers: IncomingHttpHeaders, raw: Buffer): Promise<PostedBody> {
  const type = (headers["content-type"] ?? "").toLowerCase();
  if (type.startsWith("application/json")) {
    const parsed = parseJson(raw.toString("utf8"));
    const fields = isRecord(parsed) ? parsed : undefined;
    return { kind: "json", raw, fields: fields ?? {}, files: [], badJson: fields === undefined };
  }
  if (type.startsWith("application/x-www-form-urlencoded")) {
    const fields = Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
    return { kind: "form", raw, fields: parseJsonFields(fields), files: [], badJson: false };
  }
  if (type.startsWith("multipart/form-data")) {
    const { fields, files } = await readMultipart(headers, raw);
    return { kind: "multipart", raw, fields: parseJsonFields(fields), files, badJson: false };
  }
  return { kind: "other", raw, fields: {}, files: [], badJson: false };
}
