/**
 * Slack's external upload flow: files.getUploadURLExternal hands out an upload URL, the bytes
 * are POSTed there, files.completeUploadExternal shares them. Also the url_private download
 * every file gets.
 */
import { randomBytes } from "node:crypto";
import { readContent, withBlockIds } from "./chat-methods.js";
import type { FakeSlackFile, FakeSlackMessage, FakeSlackState } from "./fake-slack-state.js";
import { isRecord, textArg } from "./narrow.js";
import type { PostedBody } from "./request-body.js";
import { refuse, type SlackMethod } from "./slack-method.js";

export interface PlainAnswer {
  status: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

const getUploadUrl: SlackMethod = {
  acceptsJson: false,
  required: ["filename", "length"],
  handle(args, state) {
    const length = textArg(args, "length") ?? "";
    if (!/^\d+$/.test(length) || Number(length) < 1) {
      return refuse("invalid_arguments", [
        "[ERROR] length must be a positive integer [json-pointer:/length]",
      ]);
    }
    const fileId = state.ids.next("F");
    const token = randomBytes(12).toString("hex");
    state.uploads.set(fileId, {
      fileId,
      filename: textArg(args, "filename") ?? "",
      length: Number(length),
      completed: false,
    });
    state.uploadTokens.set(token, fileId);
    return { ok: true, upload_url: `${state.origin}/upload/v1/${token}`, file_id: fileId };
  },
};

const completeUpload: SlackMethod = {
  acceptsJson: true,
  required: ["files"],
  handle(args, state) {
    const listed = args.files;
    if (
      !Array.isArray(listed) ||
      listed.length === 0 ||
      !listed.every((f) => isRecord(f) && typeof f.id === "string")
    ) {
      return refuse("invalid_arguments", ['[ERROR] files must be a JSON array of {"id", "title"}']);
    }
    const files: FakeSlackFile[] = [];
    for (const entry of listed) {
      const id = isRecord(entry) ? String(entry.id) : "";
      const upload = state.uploads.get(id);
      // Never announced, never uploaded, or already shared: Slack knows no such pending file.
      if (!upload?.bytes || upload.completed) return refuse("file_not_found");
      const title = isRecord(entry) ? textArg(entry, "title") : undefined;
      files.push({
        id,
        name: upload.filename,
        title: title ?? upload.filename,
        bytes: upload.bytes,
      });
    }
    const target = textArg(args, "channel_id") ?? textArg(args, "channels");
    let message: FakeSlackMessage | undefined;
    if (target !== undefined) {
      const resolved = state.resolveChannel(target, false);
      if (!resolved.ok) return refuse(resolved.error);
      if (args.blocks !== undefined) {
        const read = readContent({ blocks: args.blocks });
        if (!read.ok) return read.answer;
      }
      const threadTs = textArg(args, "thread_ts");
      message = {
        channel: resolved.channel,
        ts: state.clock.next(),
        user: state.botUserId,
        text: textArg(args, "initial_comment") ?? "",
        blocks: withBlockIds(Array.isArray(args.blocks) ? args.blocks : []),
        updatedTimes: 0,
        files,
        ...(threadTs ? { threadTs } : {}),
      };
    }
    for (const file of files) {
      const upload = state.uploads.get(file.id);
      if (upload) upload.completed = true;
      state.fileBytes.set(file.id, file);
    }
    for (const [token, fileId] of state.uploadTokens) {
      if (files.some((f) => f.id === fileId)) state.uploadTokens.delete(token);
    }
    if (message) state.messages.push(message);
    // Slack's answer names the files only; where they were shared comes later, in events.
    return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
  },
};

export const FILE_METHODS: Record<string, SlackMethod> = {
  "files.getUploadURLExternal": getUploadUrl,
  "files.completeUploadExternal": completeUpload,
};

/**
 * A POST to an upload URL. WebClient sends the bytes as one multipart file part; raw bodies
 * are taken too. The byte count must be the length announced to files.getUploadURLExternal.
 */
export function acceptUpload(
  state: FakeSlackState,
  token: string,
  posted: PostedBody,
): PlainAnswer {
  const fileId = state.uploadTokens.get(token);
  const upload = fileId ? state.uploads.get(fileId) : undefined;
  if (!upload) return { status: 404, contentType: "text/plain", body: "Not Found" };
  const bytes = posted.kind === "multipart" ? posted.files[0]?.bytes : posted.raw;
  if (!bytes || bytes.length !== upload.length) {
    const got = bytes?.length ?? 0;
    return {
      status: 400,
      contentType: "text/plain",
      body: `length mismatch: announced ${upload.length}, got ${got}`,
    };
  }
  upload.bytes = bytes;
  return { status: 200, contentType: "text/plain", body: `OK - ${bytes.length}` };
}

/**
 * A GET of a file's url_private. Without the bot token Slack answers 200 with its sign-in page,
 * not an error, which is how apps that forget the header end up storing HTML; the fake does
 * the same.
 */
export function serveFile(
  state: FakeSlackState,
  path: string,
  authorization: string | undefined,
): PlainAnswer {
  const match = /^\/files-pri\/[^/-]+-([^/]+)\//.exec(path);
  const file = match?.[1] ? state.fileBytes.get(match[1]) : undefined;
  if (!file) return { status: 404, contentType: "text/plain", body: "Not Found" };
  if (authorization !== `Bearer ${state.botToken}`) {
    return {
      status: 200,
      contentType: "text/html",
      body: "<!DOCTYPE html><html><body>Sign in to Slack</body></html>",
    };
  }
  return { status: 200, contentType: "application/octet-stream", body: file.bytes };
}
