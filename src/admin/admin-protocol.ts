import { z } from "zod";
import { ZLocale } from "../i18n/locales.js";

/**
 * The admin endpoint's wire format (`POST /admin/v1/run`, `Authorization: Bearer <token>`):
 * the command line's arguments and the input files it names go in; what it printed, the
 * files it wrote (in order) and its exit code come back. File contents are base64.
 */
export const ADMIN_RUN_PATH = "/admin/v1/run";

/** Largest request body: a campaign file or an XLSX of reports, with room to spare. */
export const ADMIN_BODY_LIMIT = 64 * 1024 * 1024;

const ZBase64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

/** An input file the command reads, as the admin's CLI read it (or why it could not). */
export const ZAdminInputFile = z.union([
  z.strictObject({ path: z.string().min(1), content: ZBase64 }),
  z.strictObject({ path: z.string().min(1), error: z.string().min(1).max(100) }),
]);
export type AdminInputFile = z.infer<typeof ZAdminInputFile>;

export const ZAdminRequest = z.strictObject({
  argv: z.array(z.string().max(10_000)).min(1).max(100),
  locale: ZLocale,
  files: z.array(ZAdminInputFile).max(10).default([]),
});
export type AdminRequest = z.infer<typeof ZAdminRequest>;

/** One thing the command did, in the order it did them. */
export const ZAdminEvent = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("stdout"), content: ZBase64 }),
  z.strictObject({ kind: z.literal("stderr"), text: z.string() }),
  z.strictObject({ kind: z.literal("file"), path: z.string().min(1), content: ZBase64 }),
]);
export type AdminEvent = z.infer<typeof ZAdminEvent>;

export const ZAdminResponse = z.strictObject({
  exitCode: z.number().int().min(0).max(255),
  events: z.array(ZAdminEvent),
});
export type AdminResponse = z.infer<typeof ZAdminResponse>;

/** A refused request: a code, and a message in the admin's language. */
export const ZAdminRefusal = z.object({
  error: z.enum(["unauthorized", "bad_request", "not_found", "internal_error"]),
  message: z.string().optional(),
});
export type AdminRefusal = z.infer<typeof ZAdminRefusal>;

/** The endpoint file beside the lock: which process answers, where, with which token. */
export const ZAdminEndpoint = z.strictObject({
  pid: z.number().int().positive(),
  url: z.url(),
  token: z.string().min(32),
});
export type AdminEndpoint = z.infer<typeof ZAdminEndpoint>;
