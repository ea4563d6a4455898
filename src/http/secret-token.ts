import { createHash, randomBytes } from "node:crypto";

/** The longest token a cookie, link or form may carry; anything longer is not one of ours. */
export const SECRET_TOKEN_MAX_LENGTH = 200;

/**
 * A new bearer secret (a session cookie, a one-time link): 32 random bytes, URL-safe. Only
 * its hash is stored, so a copy of the database signs nobody in.
 */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The stored form of a token: its SHA-256, hex. */
export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether a value from a request could be a token at all (before a database look-up). */
export function isPlausibleToken(token: string | undefined): token is string {
  return token !== undefined && token.length > 0 && token.length <= SECRET_TOKEN_MAX_LENGTH;
}
