import { describe, expect, it } from "vitest";
import { type Reply, rich, textMessage } from "../../src/core/reply.js";
import { DeliveryError } from "../../src/outbox/chat-gateway.js";
import { renderWebPart } from "../../src/platforms/web/web-gateway.js";

describe("renderWebPart", () => {
  it("keeps the core's spans as plain text, so markup typed by a person stays text", () => {
    const reply: Reply = {
      kind: "message",
      text: [rich.bold("Task 1"), rich.plain(": <script>alert(1)</script> & more"), rich.plain("")],
      buttons: [[{ label: "Done", data: "rf|1|done" }], []],
    };
    expect(renderWebPart(reply)).toEqual({
      kind: "text",
      text: [{ text: "Task 1", style: "bold" }, { text: ": <script>alert(1)</script> & more" }],
      buttons: [[{ label: "Done", data: "rf|1|done" }]],
    });
  });

  it("is deterministic, and leaves out buttons when there are none", () => {
    const reply = textMessage("one", "two");
    expect(renderWebPart(reply)).toEqual(renderWebPart(reply));
    expect(renderWebPart(reply)).toEqual({ kind: "text", text: [{ text: "one\n\ntwo" }] });
  });

  it("renders an edit as the new text", () => {
    const edit: Reply = { kind: "edit", of: "k#000", text: [{ text: "new" }], surplus: [] };
    expect(renderWebPart(edit)).toEqual({ kind: "text", text: [{ text: "new" }] });
  });

  it("decodes a file's bytes, with its caption", () => {
    const part = renderWebPart({
      kind: "file",
      fileName: "通报.docx",
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      base64: Buffer.from("PK\u0003\u0004").toString("base64"),
      caption: [rich.plain("Draft 1")],
    });
    expect(part).toMatchObject({
      kind: "file",
      fileName: "通报.docx",
      caption: [{ text: "Draft 1" }],
    });
    expect(part.kind === "file" && part.bytes.toString("latin1")).toBe("PK\u0003\u0004");
  });

  it("refuses a file that is not base64, for good", () => {
    const broken: Reply = { kind: "file", fileName: "a", mimeType: "b", base64: "%%%" };
    expect(() => renderWebPart(broken)).toThrow(DeliveryError);
    try {
      renderWebPart(broken);
    } catch (error: unknown) {
      expect(error instanceof DeliveryError && error.kind).toBe("permanent");
    }
  });
});
