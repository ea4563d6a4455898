/** The try-out chat's JSON API (documented at the top of `web-routes.ts`). */

/** A refusal: the HTTP status, the API's stable `code` and its text in the person's language. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * @param {string} path
 * @param {RequestInit & { json?: unknown }} [init]
 */
async function call(path, init = {}) {
  const { json, ...rest } = init;
  const response = await fetch(`/tryout/api${path}`, {
    ...rest,
    headers: json === undefined ? {} : { "Content-Type": "application/json" },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, body.error ?? "internal_error", body.message ?? "");
  }
  return body;
}

export const listMembers = () => call("/members");
export const currentSession = () => call("/session");
/** @param {string} memberKey */
export const chooseMember = (memberKey) =>
  call("/session", { method: "POST", json: { memberKey } });
export const endSession = () => call("/session", { method: "DELETE" });

/**
 * Messages changed after `cursor`, waiting up to `wait` seconds when there are none.
 *
 * @param {string} cursor
 * @param {number} wait
 * @param {AbortSignal} signal
 */
export const readMessages = (cursor, wait, signal) =>
  call(`/messages?after=${encodeURIComponent(cursor)}&wait=${wait}`, { signal });

/**
 * @param {string} clientId
 * @param {string} text
 */
export const sendText = (clientId, text) =>
  call("/messages", { method: "POST", json: { clientId, text } });

/**
 * @param {string} clientId
 * @param {string} messageId
 * @param {string} data
 */
export const pressButton = (clientId, messageId, data) =>
  call("/choices", { method: "POST", json: { clientId, messageId, data } });

/** @param {string} fileId */
export const fileUrl = (fileId) => `/tryout/api/files/${encodeURIComponent(fileId)}`;
