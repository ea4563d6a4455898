import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rich } from "../../src/core/reply.js";
import { plainFallback, richToMrkdwn } from "../../src/platforms/slack/slack-mrkdwn.js";

/** What Slack shows for our mrkdwn, roughly: markers dropped, the three entities decoded. */
function shown(mrkdwn: string): string {
  return mrkdwn
    .replace(/[*_`]/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

describe("richToMrkdwn", () => {
  it("escapes &, < and > so user text never mentions or links", () => {
    expect(richToMrkdwn([rich.plain("<@U123> <!channel> <!here> a & b <https://x|y>")])).toBe(
      "&lt;@U123&gt; &lt;!channel&gt; &lt;!here&gt; a &amp; b &lt;https://x|y&gt;",
    );
    expect(richToMrkdwn([rich.plain("&amp;")])).toBe("&amp;amp;");
  });

  it("styles spans with *, _ and `, escaping inside them", () => {
    const text = [
      rich.bold("任务 <1>"),
      rich.plain(": "),
      rich.italic("on track"),
      rich.plain(" "),
      rich.code("x&y"),
    ];
    expect(richToMrkdwn(text)).toBe("*任务 &lt;1&gt;*: _on track_ `x&amp;y`");
  });

  it("keeps whitespace outside the markers, and styles each line on its own", () => {
    expect(richToMrkdwn([rich.plain("a"), rich.bold(" b "), rich.plain("c")])).toBe("a *b* c");
    expect(richToMrkdwn([rich.italic("one\n  two \n\nthree")])).toBe("_one_\n  _two_ \n\n_three_");
    expect(richToMrkdwn([rich.bold("   ")])).toBe("   ");
  });

  it("leaves a line that holds its own marker plain rather than broken", () => {
    expect(richToMrkdwn([rich.bold("2*3=6")])).toBe("2*3=6");
    expect(richToMrkdwn([rich.italic("snake_case")])).toBe("snake_case");
    expect(richToMrkdwn([rich.code("a`b")])).toBe("a`b");
    // Another style's marker is harmless inside.
    expect(richToMrkdwn([rich.bold("snake_case")])).toBe("*snake_case*");
    expect(richToMrkdwn([rich.bold("ok\n2*3")])).toBe("*ok*\n2*3");
  });

  it("joins neighbouring spans of one style, and skips empty spans", () => {
    expect(richToMrkdwn([rich.bold("a"), rich.plain(""), rich.bold("b")])).toBe("*ab*");
    expect(richToMrkdwn([])).toBe("");
  });

  it("never leaves a raw <, > or & whatever the spans", () => {
    const span = fc.record({
      text: fc.string({
        unit: fc.constantFrom("a", " ", "\n", "<", ">", "&", "*", "_", "`", "任", "😀"),
        maxLength: 30,
      }),
      style: fc.constantFrom(undefined, "bold", "italic", "code"),
    });
    fc.assert(
      fc.property(fc.array(span, { maxLength: 8 }), (spans) => {
        const text = spans.map(({ text, style }) => (style ? { text, style } : { text }));
        const mrkdwn = richToMrkdwn(text);
        expect(mrkdwn.replace(/&(lt|gt|amp);/g, "")).not.toMatch(/[<>&]/);
        const all = text.map((s) => s.text).join("");
        expect(shown(mrkdwn).replace(/[\s*_`]/g, "")).toBe(all.replace(/[\s*_`]/g, ""));
      }),
      { numRuns: 300 },
    );
  });
});

describe("plainFallback", () => {
  it("is the text without styles, escaped", () => {
    expect(plainFallback([rich.bold("任务"), rich.plain(" <@U1> & "), rich.code("x")])).toBe(
      "任务 &lt;@U1&gt; &amp; x",
    );
  });
});
