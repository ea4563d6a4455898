/**
 * The bot's sendMessage, edits and deleteMessage, the way Telegram answers them: refused when
 * Telegram would refuse them (strict mode), edits answer the edited Message, fail when the
 * message is unknown or unchanged, and remove the keyboard when they carry none.
 */
import {
  type Answer,
  fail,
  isRecord,
  keyboardOf,
  ok,
  type Params,
  str,
  type UploadedFile,
} from "./bot-api.js";
import { forward } from "./emulator-server.js";
import type { BotMessage, EmulatorState } from "./emulator-state.js";
import { NOT_MODIFIED, refuseOutgoing } from "./telegram-rules.js";

export interface OutgoingMessages {
  sendMessage(params: Params): Promise<Answer>;
  /** editMessageText or editMessageReplyMarkup. */
  edit(method: string, params: Params): Promise<Answer>;
  deleteMessage(params: Params): Promise<Answer>;
  /** sendDocument as multipart/form-data (how grammY uploads an InputFile). */
  sendDocument(params: Params, files: Map<string, UploadedFile>): Promise<Answer>;
}

/** Telegram's caption limit, in UTF-16 units. */
const CAPTION_LIMIT = 1024;

export function outgoingMessages(state: EmulatorState): OutgoingMessages {
  const { server, token, strict, chats, current } = state;

  const forwardJson = (method: string, params: Params): Promise<Answer> =>
    forward(server, `/bot${token}/${method}`, "application/json", JSON.stringify(params));

  function checkOutgoing(params: Params, text: string | undefined): Answer | undefined {
    if (!strict) return undefined;
    return refuseOutgoing(chats.get(Number(params.chat_id)), params, text);
  }

  async function sendMessage(params: Params): Promise<Answer> {
    const text = str(params.text) ?? "";
    const refused = checkOutgoing(params, text);
    if (refused) return refused;
    const answer = await forwardJson("sendMessage", params);
    const result = answer.body.result;
    if (answer.body.ok !== true || !isRecord(result)) return answer;
    const message = state.recordMessage({
      messageId: Number(result.message_id),
      chatId: Number(params.chat_id),
      text,
      parseMode: str(params.parse_mode),
      replyMarkup: keyboardOf(params.reply_markup),
      edited: false,
    });
    return ok(state.asTelegramMessage(message));
  }

  async function edit(method: string, params: Params): Promise<Answer> {
    const old = current.get(Number(params.message_id));
    if (!old || old.chatId !== Number(params.chat_id)) {
      return fail(400, "Bad Request: message to edit not found");
    }
    const isText = method === "editMessageText";
    const next: BotMessage = {
      ...old,
      text: isText ? (str(params.text) ?? "") : old.text,
      parseMode: isText ? str(params.parse_mode) : old.parseMode,
      replyMarkup: keyboardOf(params.reply_markup),
      edited: true,
    };
    const refused = checkOutgoing(params, isText ? next.text : undefined);
    if (refused) return refused;
    const same = JSON.stringify({ ...old, edited: true }) === JSON.stringify(next);
    if (same) {
      return fail(400, `Bad Request: ${NOT_MODIFIED}`);
    }
    const answer = await forwardJson(method, params);
    if (answer.body.ok !== true) return answer;
    const stored = server.storage.botMessages.find((m) => m.messageId === old.messageId);
    if (stored) {
      stored.message.reply_markup = next.replyMarkup;
      stored.message.parse_mode = next.parseMode;
    }
    return ok(state.asTelegramMessage(state.recordMessage(next)));
  }

  async function deleteMessage(params: Params): Promise<Answer> {
    const answer = await forwardJson("deleteMessage", params);
    if (answer.body.ok === true) current.delete(Number(params.message_id));
    return answer;
  }

  async function sendDocument(params: Params, files: Map<string, UploadedFile>): Promise<Answer> {
    const reference = str(params.document);
    const attached = reference?.startsWith("attach://")
      ? files.get(reference.slice("attach://".length))
      : files.get("document");
    if (!attached) return fail(400, "Bad Request: there is no document in the request");
    const caption = str(params.caption);
    if (caption !== undefined && caption.length > CAPTION_LIMIT) {
      return fail(400, "Bad Request: message caption is too long");
    }
    const refused = strict
      ? refuseOutgoing(chats.get(Number(params.chat_id)), params, undefined)
      : undefined;
    if (refused) return refused;
    const { bytes, fileName } = attached;
    if (bytes.length === 0) return fail(400, "Bad Request: file must be non-empty");
    // The emulator has no documents: a text message stands in for it, for its message id.
    const answer = await forwardJson("sendMessage", {
      chat_id: params.chat_id,
      text: `📎 ${fileName}`,
    });
    const result = answer.body.result;
    if (answer.body.ok !== true || !isRecord(result)) return answer;
    const message = state.recordMessage({
      messageId: Number(result.message_id),
      chatId: Number(params.chat_id),
      text: caption ?? "",
      parseMode: str(params.parse_mode),
      replyMarkup: undefined,
      edited: false,
      document: { fileName, bytes },
    });
    return ok({
      ...state.asTelegramMessage(message),
      document: {
        file_id: `doc-${message.messageId}`,
        file_unique_id: `doc-${message.messageId}`,
        file_name: fileName,
        file_size: bytes.length,
      },
    });
  }

  return { sendMessage, edit, deleteMessage, sendDocument };
}
