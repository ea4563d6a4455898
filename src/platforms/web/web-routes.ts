/**
 * The try-out chat's HTTP API: a Hono sub-app that duban's server mounts at `/`.
 *
 * Every answer is JSON (except the page and file downloads). A refusal is
 * `{ "error": "<code>", "message": "<text in the person's language>" }` with the status
 * below; the code is stable (its text is the prompt `web.api.<code>`).
 *
 * Session: choosing a member sets the httpOnly, SameSite=Lax cookie `duban_tryout` (path
 * `/tryout`, 24 hours); every endpoint but `GET /tryout/api/members` and
 * `POST /tryout/api/session` needs it: without it, or once expired, 401 `no_session`.
 * State-changing requests (POST, DELETE) from a browser must be same-origin: a cross-site
 * `Origin` or a `Sec-Fetch-Site` other than `same-origin` gets 403 `cross_site`. Bodies are
 * JSON (`Content-Type: application/json`, else 415 `not_json`), at most 64 KiB (413
 * `too_large`); a body or query that does not validate gets 400 `bad_request` with `issues`
 * (`[{ path, message }]`). When the try-out is on because duban listens on loopback, a request
 * addressed to another host name gets 403 `foreign_host` (DNS rebinding).
 *
 * GET  /                          the chat page (HTML; `chat-page-routes.ts`), its script and
 *                                 style under /tryout/page/.
 * GET  /tryout/api/members        → 200 { members: [{ key, name, title, unit: { key, name },
 *                                   locale, campaigns: [{ key, title, role }] }] }
 *                                   role: "staff" | "leader" | "admin".
 * POST /tryout/api/session        { memberKey } → 200 { member: { key, name, locale }, expiresAt }
 *                                   and the cookie; binds (or reuses) the member's web chat.
 *                                   404 `unknown_member`.
 * GET  /tryout/api/session        → 200 { member, expiresAt }: who the cookie is.
 * DELETE /tryout/api/session      → 200 { ok: true }: signs out (the chat stays).
 * GET  /tryout/api/messages?after=<cursor>&wait=<0-25>
 *                                 → 200 { messages: Message[], cursor }
 *      Messages written or edited after `cursor` (omit it, or "0", for the whole chat), oldest
 *      change first, at most 200: call again with the `cursor` returned until `messages` is
 *      empty. With `wait` (seconds) and nothing new, the answer waits up to that long for a
 *      message (long polling); it reads the database, so it sees what any instance wrote.
 *      Message = { id, seq, direction: "bot" | "person", revision, createdAt, editedAt, body }.
 *      `id` is stable; a message edited later (a pressed card, a digest updated in place)
 *      comes again with a higher `seq` and `revision`: replace the earlier copy. Show messages
 *      in the order of their `id` (compare as numbers: they are decimal strings).
 *      body (see `web-message-body.ts`):
 *        { kind: "text", text: Span[], buttons?: { label, data }[][], chosen?: label }
 *        { kind: "file", file: { id, name, mimeType, size }, caption?: Span[] }
 *        { kind: "choice", label }                     (the person pressed a button)
 *      Span = { text, style?: "bold" | "italic" | "code" }: plain text, `\n` for line breaks.
 *      Put it in with textContent: it is never markup.
 * POST /tryout/api/messages       { clientId, text } → 202 { messageId, duplicate }
 *      A text, or a command when it starts with "/" (`/report`, `/status faster-api`).
 *      `clientId`: 8-64 of [A-Za-z0-9_-], new for each message: the same id again (a
 *      retry) is stored and handled once (`duplicate: true`). The bot's answers follow in
 *      the messages; the person's own message is one of them.
 * POST /tryout/api/choices        { clientId, messageId, data } → 202 { messageId, duplicate }
 *      Presses the button with `data` on bot message `messageId`; the card then loses its
 *      buttons and gets `chosen` (it comes again past the cursor). 409 `button_gone` when the
 *      message has no such button any more (already answered).
 * GET  /tryout/api/files/<id>     → the file's bytes (Content-Disposition: attachment).
 *                                   404 `not_found`.
 */

import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { z } from "zod";
import type { IncomingHandler } from "../../core/incoming.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { type Locale, normaliseLocale } from "../../i18n/locales.js";
import { t } from "../../i18n/translate.js";
import type { Logger } from "../../logger.js";
import { bindTryoutMember } from "./bind-tryout-member.js";
import { createChatPageRoutes } from "./chat-page-routes.js";
import { contentDisposition } from "./file-response.js";
import { listTryoutMembers } from "./list-tryout-members.js";
import { receiveWebChoice, receiveWebText, type WebInputOutcome } from "./receive-web-input.js";
import { refusalOf } from "./same-origin.js";
import {
  createTryoutSession,
  endTryoutSession,
  findTryoutSession,
  type TryoutSession,
} from "./tryout-sessions.js";
import { readWebMessages } from "./web-message-store.js";
import type { WebNotifier } from "./web-notifier.js";
import {
  ZChooseMemberBody,
  ZMessagesQuery,
  ZWebChoiceBody,
  ZWebTextBody,
} from "./web-request-bodies.js";

export const TRYOUT_COOKIE = "duban_tryout";
const BODY_MAX_BYTES = 64 * 1024;
const PAGE_SIZE = 200;
/** A long poll reads the database at least this often, for what other instances wrote. */
const POLL_INTERVAL_MS = 1000;

type Env = { Variables: { session: TryoutSession; locale: Locale } };

export interface WebRoutesOptions {
  prisma: PrismaClient;
  handleIncoming: IncomingHandler;
  notifier: WebNotifier;
  logger: Logger;
  /** The language of the page and of errors before a member is chosen. */
  locale: Locale;
  /** Refuse requests addressed to a name other than loopback (try-out on loopback). */
  loopbackOnly: boolean;
  /** The bot's clock (a simulated one in trials): session expiry and message times. */
  now: () => Date;
  /** Aborted when the adapter stops: waiting polls answer at once. */
  stopping: AbortSignal;
  sessionTtlMs?: number;
}

/** The try-out chat's routes (see the comment at the top of this file). */
export function createWebRoutes(options: WebRoutesOptions): Hono<Env> {
  const { prisma, notifier, now } = options;
  const app = new Hono<Env>();
  const refuse = (
    c: Context<Env>,
    status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 500,
    code: string,
    extra: object = {},
  ) =>
    c.json(
      { error: code, message: t(c.get("locale") ?? options.locale, `web.api.${code}`), ...extra },
      status,
    );

  app.use("*", async (c, next) => {
    c.set("locale", options.locale);
    const refusal = refusalOf(
      { method: c.req.method, url: c.req.url, header: (name) => c.req.header(name) },
      { loopbackOnly: options.loopbackOnly },
    );
    if (refusal) return refuse(c, 403, refusal);
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "same-origin");
  });
  app.onError((error, c) => {
    options.logger.error({ err: error, path: c.req.path }, "try-out request failed");
    return refuse(c, 500, "internal_error");
  });

  app.route("/", createChatPageRoutes({ locale: options.locale }));

  const api = new Hono<Env>();
  // Only POSTs carry a body. On DELETE (no body, no Content-Length) Hono's bodyLimit would
  // rebuild the request around an empty stream, which @hono/node-server's Request refuses (500).
  api.on(
    "POST",
    "*",
    bodyLimit({
      maxSize: BODY_MAX_BYTES,
      onError: (c) => refuse(c as Context<Env>, 413, "too_large"),
    }),
  );
  /** The validated JSON body, or the refusal to answer with. */
  const bodyOf = async <T extends z.ZodType>(
    c: Context<Env>,
    schema: T,
  ): Promise<{ data: z.infer<T> } | { refusal: Response }> => {
    if (!/^application\/json\b/i.test(c.req.header("content-type") ?? "")) {
      return { refusal: refuse(c, 415, "not_json") };
    }
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return { refusal: refuse(c, 400, "bad_request", { issues: [] }) };
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) return { data: parsed.data };
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.join("."),
      message: issue.message,
    }));
    return { refusal: refuse(c, 400, "bad_request", { issues }) };
  };

  api.get("/members", async (c) => c.json({ members: await listTryoutMembers(prisma) }));

  api.post("/session", async (c) => {
    const body = await bodyOf(c, ZChooseMemberBody);
    if ("refusal" in body) return body.refusal;
    const bound = await bindTryoutMember(prisma, { memberKey: body.data.memberKey, now: now() });
    if (!bound) return refuse(c, 404, "unknown_member");
    const previous = await findTryoutSession(prisma, {
      token: getCookie(c, TRYOUT_COOKIE),
      now: now(),
    });
    if (previous) await endTryoutSession(prisma, previous.sessionId);
    const { token, expiresAt } = await createTryoutSession(prisma, {
      identityId: bound.identityId,
      now: now(),
      ...(options.sessionTtlMs !== undefined ? { ttlMs: options.sessionTtlMs } : {}),
    });
    setCookie(c, TRYOUT_COOKIE, token, {
      httpOnly: true,
      sameSite: "Lax",
      path: "/tryout",
      expires: expiresAt,
      secure: new URL(c.req.url).protocol === "https:",
    });
    const session = await findTryoutSession(prisma, { token, now: now() });
    if (!session) return refuse(c, 500, "internal_error");
    return c.json({
      member: memberOf(session, options.locale),
      expiresAt: expiresAt.toISOString(),
    });
  });

  // Everything below needs the session.
  api.use("*", async (c, next) => {
    const session = await findTryoutSession(prisma, {
      token: getCookie(c, TRYOUT_COOKIE),
      now: now(),
    });
    if (!session) return refuse(c, 401, "no_session");
    c.set("session", session);
    c.set("locale", normaliseLocale(session.member.locale) ?? options.locale);
    await next();
  });

  api.get("/session", (c) => {
    const session = c.get("session");
    return c.json({
      member: memberOf(session, options.locale),
      expiresAt: session.expiresAt.toISOString(),
    });
  });

  api.delete("/session", async (c) => {
    await endTryoutSession(prisma, c.get("session").sessionId);
    deleteCookie(c, TRYOUT_COOKIE, { path: "/tryout" });
    return c.json({ ok: true });
  });

  api.get("/messages", async (c) => {
    const query = ZMessagesQuery.safeParse(c.req.query());
    if (!query.success) return refuse(c, 400, "bad_request", { issues: [] });
    const { identityId } = c.get("session");
    const after = query.data.after ?? "0";
    const deadline = Date.now() + (query.data.wait ?? 0) * 1000;
    const signal = AbortSignal.any([c.req.raw.signal, options.stopping]);
    for (;;) {
      const read = await readWebMessages(prisma, {
        identityId,
        after: BigInt(after),
        limit: PAGE_SIZE,
      });
      const left = deadline - Date.now();
      if (read.last !== undefined || left <= 0 || signal.aborted) {
        return c.json({ messages: read.messages, cursor: read.last ?? after });
      }
      await notifier.wait(identityId, { timeoutMs: Math.min(left, POLL_INTERVAL_MS), signal });
    }
  });

  const answer = (c: Context<Env>, outcome: WebInputOutcome) => {
    if (outcome.kind === "buttonGone") return refuse(c, 409, "button_gone");
    if (outcome.kind === "invalid") return refuse(c, 400, "bad_request", { issues: [] });
    return c.json({ messageId: outcome.messageId, duplicate: outcome.duplicate }, 202);
  };
  const receiving = (c: Context<Env>) => ({
    prisma,
    handleIncoming: options.handleIncoming,
    notifier,
    sender: c.get("session"),
    now: now(),
  });

  api.post("/messages", async (c) => {
    const body = await bodyOf(c, ZWebTextBody);
    if ("refusal" in body) return body.refusal;
    return answer(c, await receiveWebText({ ...receiving(c), body: body.data }));
  });

  api.post("/choices", async (c) => {
    const body = await bodyOf(c, ZWebChoiceBody);
    if ("refusal" in body) return body.refusal;
    return answer(c, await receiveWebChoice({ ...receiving(c), body: body.data }));
  });

  api.get("/files/:id", async (c) => {
    const id = c.req.param("id");
    const file = /^[0-9a-f-]{36}$/i.test(id)
      ? await prisma.webFile.findFirst({ where: { id, identityId: c.get("session").identityId } })
      : null;
    if (!file) return refuse(c, 404, "not_found");
    return c.body(new Uint8Array(file.bytes), 200, {
      "Content-Type": file.mimeType,
      "Content-Disposition": contentDisposition(file.fileName),
      "Cache-Control": "private, no-store",
    });
  });

  api.all("*", (c) => refuse(c, 404, "not_found"));
  app.route("/tryout/api", api);
  return app;
}

function memberOf(session: TryoutSession, fallback: Locale) {
  const { key, name, locale } = session.member;
  return { key, name, locale: normaliseLocale(locale) ?? fallback };
}
