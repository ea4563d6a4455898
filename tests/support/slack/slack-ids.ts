/** How the fake names things: ids, message timestamps, trigger ids, DM channels. */
import { randomBytes } from "node:crypto";

/** A random run of the upper-case letters and digits Slack ids are made of. */
export function randomSlackChars(length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join("");
}

/** Ids shaped like Slack's ("F07ABC…", "V04XYZ…"), unique within one fake. */
export class IdMaker {
  private count = 0;
  next(prefix: string): string {
    this.count += 1;
    return `${prefix}${this.count.toString(36).toUpperCase().padStart(3, "0")}${randomSlackChars(7)}`;
  }
}

/**
 * The DM channel between the bot and a user. Slack gives each pair one stable D… id; the fake
 * derives it from the user id so a test can name it without asking the fake.
 */
export function dmChannelOf(userId: string): string {
  return `D${userId.slice(1)}`;
}

/**
 * Message timestamps: "seconds.microseconds" near the real clock, strictly increasing and so
 * unique across every channel of one fake, as Slack's are within a channel. Users' and the bot's
 * messages share the clock so their order is the order they happened in.
 */
export class TsClock {
  private lastMicros = 0;
  next(): string {
    this.lastMicros = Math.max(Date.now() * 1000, this.lastMicros + 100);
    const seconds = Math.floor(this.lastMicros / 1_000_000);
    const micros = this.lastMicros % 1_000_000;
    return `${seconds}.${String(micros).padStart(6, "0")}`;
  }
}

/** A trigger id in Slack's "digits.digits.hex" shape. */
export function makeTriggerId(serial: number): string {
  return `${Date.now()}.${1000 + serial}.${randomBytes(16).toString("hex")}`;
}

/** A view hash: Slack's are "seconds.random"; views.update compares them to refuse stale writes. */
export function makeViewHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString("hex")}`;
}
