import { createHash, randomInt } from "node:crypto";

/** No 0/O, 1/I/L: a code may be read aloud or typed by hand. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 12;

/** A fresh one-time code (about 59 bits), valid in a Telegram `start` parameter. */
export function newInviteCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** Only the hash is stored, so a database leak reveals no usable code. */
export function hashInviteCode(code: string): string {
  return createHash("sha256").update(normaliseInviteCode(code)).digest("hex");
}

/** People retype codes: ignore case, spaces and dashes. */
export function normaliseInviteCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}
