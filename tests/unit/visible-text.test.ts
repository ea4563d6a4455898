import { describe, expect, it } from "vitest";
import { hasWords, isBlank, visibleTrim } from "../../src/domain/visible-text.js";

describe("visible text", () => {
  it("treats zero-width, format and blank filler characters as nothing", () => {
    for (const blank of [
      "",
      " ",
      "\u200B",
      "\u200B\u200C\u200D",
      "\uFEFF",
      "\u2060",
      "\u3000",
      "\u3164",
      "\u2800",
      "\n\t",
    ]) {
      expect(isBlank(blank), JSON.stringify(blank)).toBe(true);
      expect(visibleTrim(blank)).toBe("");
    }
  });

  it("keeps what shows, and the invisible characters inside it", () => {
    expect(isBlank("—")).toBe(false);
    expect(visibleTrim("\u200B 开展巡查 \uFEFF")).toBe("开展巡查");
    const family = "👨\u200D👩\u200D👧";
    expect(visibleTrim(` ${family}\u200B`)).toBe(family);
  });

  it("tells words from punctuation alone", () => {
    expect(hasWords("—")).toBe(false);
    expect(hasWords("……")).toBe(false);
    expect(hasWords("无")).toBe(true);
    expect(hasWords("3")).toBe(true);
    expect(hasWords("ok")).toBe(true);
  });
});
