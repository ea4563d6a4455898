import { describe, expect, it } from "vitest";
import { webToIncoming } from "../../src/platforms/web/to-incoming.js";
import { ZWebChoiceBody, ZWebTextBody } from "../../src/platforms/web/web-request-bodies.js";

const sender = {
  identityId: "0b6f7f36-7a43-4d9c-9d2e-3f5a1c2b4e60",
  externalId: "5d2b1f0e-3c4a-4b8e-9f7d-6a1e2c3b4d5f",
  displayName: "Tom Fletcher",
};
const now = new Date("2027-03-11T16:00:00Z");

describe("webToIncoming", () => {
  it("turns a text into the core's text in the identity's private chat", () => {
    const incoming = webToIncoming({
      sender,
      input: { kind: "text", clientId: "abcd1234", text: "Launched it" },
      now,
    });
    expect(incoming).toEqual({
      platform: "web",
      updateKey: `${sender.identityId}:abcd1234`,
      receivedAt: now,
      user: { externalId: sender.externalId, displayName: "Tom Fletcher" },
      chat: { id: sender.externalId, kind: "private" },
      content: { kind: "text", text: "Launched it" },
    });
  });

  it("reads a slash command with its arguments, in lower case", () => {
    const content = (text: string) =>
      webToIncoming({ sender, input: { kind: "text", clientId: "abcd1234", text }, now })?.content;
    expect(content("/report")).toEqual({ kind: "command", name: "report", args: "" });
    expect(content("  /Status  faster-api ")).toEqual({
      kind: "command",
      name: "status",
      args: "faster-api",
    });
    expect(content("/circular\n2027Q1")).toEqual({
      kind: "command",
      name: "circular",
      args: "2027Q1",
    });
    expect(content("/ not a command")).toEqual({ kind: "text", text: "/ not a command" });
    expect(content("and/or")).toEqual({ kind: "text", text: "and/or" });
  });

  it("passes a button's data as a choice", () => {
    const incoming = webToIncoming({
      sender,
      input: { kind: "choice", clientId: "abcd1234", messageId: "12", data: "rf|x|done" },
      now,
    });
    expect(incoming?.content).toEqual({ kind: "choice", data: "rf|x|done" });
  });
});

describe("the web chat's request bodies", () => {
  it("accept what the page sends", () => {
    expect(ZWebTextBody.safeParse({ clientId: "a1b2c3d4", text: "hi" }).success).toBe(true);
    expect(
      ZWebChoiceBody.safeParse({ clientId: "a1b2-c3_d4", messageId: "12", data: "x" }).success,
    ).toBe(true);
  });

  it("refuse client ids, texts and message ids out of shape", () => {
    const bad = [
      { clientId: "short", text: "hi" },
      { clientId: "a".repeat(65), text: "hi" },
      { clientId: "has space!", text: "hi" },
      { clientId: "a1b2c3d4", text: " \n " },
      { clientId: "a1b2c3d4", text: "x".repeat(4097) },
      { clientId: "a1b2c3d4" },
      { clientId: "a1b2c3d4", text: 42 },
    ];
    for (const body of bad)
      expect(ZWebTextBody.safeParse(body).success, JSON.stringify(body)).toBe(false);
    expect(
      ZWebChoiceBody.safeParse({ clientId: "a1b2c3d4", messageId: "1e3", data: "x" }).success,
    ).toBe(false);
    expect(
      ZWebChoiceBody.safeParse({ clientId: "a1b2c3d4", messageId: "1", data: "" }).success,
    ).toBe(false);
    expect(
      ZWebChoiceBody.safeParse({ clientId: "a1b2c3d4", messageId: "1", data: "x".repeat(2001) })
        .success,
    ).toBe(false);
  });
});
