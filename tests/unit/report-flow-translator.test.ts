import { describe, expect, it, vi } from "vitest";
import { plainText, type Reply } from "../../src/core/reply.js";
import type { Locale } from "../../src/i18n/locales.js";
import type { PromptParams, Translator } from "../../src/i18n/translate.js";
import type { FlowContext } from "../../src/reporting/flow-types.js";
import { Conversation } from "./report-flow-harness.js";

// The real translator must never be reached: the flow has to say everything through the one
// in its context. Mocked to throw, so a stray call fails the test instead of reading catalogs.
vi.mock("../../src/i18n/translate.js", () => ({
  t: () => {
    throw new Error("src/reporting called t() instead of context.translate");
  },
}));

interface Call {
  locale: Locale;
  key: string;
  params?: PromptParams;
}

/** A translator that says only the key, «like.this», and remembers what it was asked. */
function fakeTranslator(): { translate: Translator; calls: Call[] } {
  const calls: Call[] = [];
  const translate: Translator = (locale, key, params) => {
    calls.push({ locale, key, ...(params ? { params } : {}) });
    return `«${key}»`;
  };
  return { translate, calls };
}

/** What is left of a text once every «key» is taken out: only layout whitespace is allowed. */
function untranslated(text: string): string {
  return text.replace(/«[^«»]+»/g, "").trim();
}

/** Every text a member would see in the replies: message text and button labels. */
function shownTexts(replies: readonly Reply[]): string[] {
  return replies.flatMap((reply) =>
    reply.kind === "message"
      ? [plainText(reply.text), ...(reply.buttons ?? []).flat().map((button) => button.label)]
      : // The flow only sends messages; anything else is shown whole, so it fails below.
        [JSON.stringify(reply)],
  );
}

describe("report flow: every word comes from the context's translator", () => {
  it("drives a whole task with a fake translator and shows nothing it did not say", () => {
    const { translate, calls } = fakeTranslator();
    const context: FlowContext = { locale: "en", translate };
    const chat = new Conversation(undefined, context);
    const seen: string[] = [...shownTexts(chat.result.replies)];

    chat.text("Patrolled the county roads");
    seen.push(...shownTexts(chat.result.replies));
    chat.tap("done");
    seen.push(...shownTexts(chat.result.replies));
    chat.text("67");
    seen.push(...shownTexts(chat.result.replies));
    chat.tap("skip");
    seen.push(...shownTexts(chat.result.replies));
    // A typed status is compared with the labels the translator gives, in every locale.
    chat.text("«report.health.at_risk»");
    expect(chat.state.answers[0]?.health).toBe("at_risk");
    seen.push(...shownTexts(chat.result.replies));
    chat.tap("same");
    seen.push(...shownTexts(chat.result.replies));
    chat.text("Keep patrolling");
    expect(chat.state.step).toBe("review");
    seen.push(...shownTexts(chat.result.replies));
    chat.tap("submit");
    expect(chat.result.effects).toContainEqual({ kind: "submit", taskIndex: 0 });
    seen.push(...shownTexts(chat.result.replies));

    expect(seen.length).toBeGreaterThan(10);
    for (const text of seen) {
      expect(text).toMatch(/«/);
      expect(untranslated(text), text).toBe("");
    }
    // The member's own locale for what is said; the others only to read a typed status.
    expect(calls.some((call) => call.key === "report.review.title")).toBe(true);
    expect(calls.filter((call) => !call.key.startsWith("report.health."))).toEqual(
      calls.filter((call) => !call.key.startsWith("report.health.") && call.locale === "en"),
    );
    expect(
      calls.some((call) => call.key.startsWith("report.health.") && call.locale === "zh-CN"),
    ).toBe(true);
  });
});
