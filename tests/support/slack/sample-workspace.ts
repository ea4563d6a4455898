/** A small workspace and a report modal, shared by the fake's own tests. */

export const SIGNING_SECRET = "test-signing-secret";

export const ALICE = {
  id: "U0ALICE",
  name: "alice",
  email: "alice@example.org",
  realName: "Alice Li",
  locale: "zh-CN",
};
export const BOB = { id: "U0BOB", name: "bob", email: "bob@example.org" };
export const REPORTS = { id: "C0REPORTS", name: "reports", members: [ALICE.id] };
/** A channel the bot was never added to. */
export const ELSEWHERE = { id: "C0ELSEWHERE", name: "elsewhere", botMember: false };

export const SAMPLE_WORKSPACE = { users: [ALICE, BOB], channels: [REPORTS, ELSEWHERE] };

/** A modal with a text input and a select, as a report form would be. */
export function reportModal(title = "Weekly report") {
  return {
    type: "modal" as const,
    callback_id: "report",
    title: { type: "plain_text" as const, text: title },
    submit: { type: "plain_text" as const, text: "Send" },
    blocks: [
      {
        type: "input",
        block_id: "progress",
        label: { type: "plain_text", text: "Progress" },
        element: { type: "plain_text_input", action_id: "value", max_length: 200 },
      },
      {
        type: "input",
        block_id: "health",
        label: { type: "plain_text", text: "Health" },
        element: {
          type: "static_select",
          action_id: "value",
          options: ["green", "red"].map((v) => ({
            text: { type: "plain_text", text: v },
            value: v,
          })),
        },
      },
    ],
  };
}
