/**
 * views.open, views.push, views.update and views.publish, and what Slack does with an app's
 * answer to a view_submission (close, show errors, update, push, clear).
 */
import { checkView, formatProblems } from "./block-kit-rules.js";
import { withBlockIds } from "./chat-methods.js";
import type { FakeSlackState, FakeSlackView } from "./fake-slack-state.js";
import { isRecord, textArg } from "./narrow.js";
import { makeViewHash } from "./slack-ids.js";
import { type Args, refuse, type SlackAnswer, type SlackMethod } from "./slack-method.js";

/** Slack stacks at most three modals. */
export const MAX_MODAL_STACK = 3;

type Checked = { ok: true; view: Record<string, unknown> } | { ok: false; answer: SlackAnswer };

function readView(
  args: Args,
  state: FakeSlackState,
  type: "modal" | "home",
  ownId?: string,
): Checked {
  const view = args.view;
  if (!isRecord(view)) {
    return {
      ok: false,
      answer: refuse("invalid_arguments", ["[ERROR] view must be a JSON object"]),
    };
  }
  const problems = checkView(view, type);
  if (problems.length > 0)
    return { ok: false, answer: refuse("invalid_arguments", formatProblems(problems)) };
  const externalId = textArg(view, "external_id");
  if (externalId) {
    const taken = [...state.views.values()].some(
      (v) => v.external_id === externalId && v.id !== ownId,
    );
    if (taken) return { ok: false, answer: refuse("duplicate_external_id") };
  }
  return { ok: true, view };
}

/** The view as Slack stores it: the app's fields plus the id, hash and defaults Slack adds. */
function storeView(
  state: FakeSlackState,
  view: Record<string, unknown>,
  place: { id?: string; rootViewId?: string; previousViewId?: string | null },
): FakeSlackView {
  const id = place.id ?? state.ids.next("V");
  const stored: FakeSlackView = {
    close: null,
    submit: null,
    clear_on_close: false,
    notify_on_close: false,
    ...view,
    id,
    team_id: state.teamId,
    type: view.type === "home" ? "home" : "modal",
    blocks: withBlockIds(Array.isArray(view.blocks) ? view.blocks : []),
    callback_id: textArg(view, "callback_id") ?? "",
    private_metadata: textArg(view, "private_metadata") ?? "",
    external_id: textArg(view, "external_id") ?? "",
    state: { values: {} },
    hash: makeViewHash(),
    root_view_id: place.rootViewId ?? id,
    previous_view_id: place.previousViewId ?? null,
    app_id: state.appId,
    app_installed_team_id: state.teamId,
    bot_id: state.botId,
  };
  state.views.set(id, stored);
  return stored;
}

function triggerArg(args: Args): string {
  return textArg(args, "trigger_id") ?? textArg(args, "interactivity_pointer") ?? "";
}

const open: SlackMethod = {
  acceptsJson: true,
  required: ["view"],
  handle(args, state) {
    // The trigger is spent first: a refused view still uses it up, so an app cannot retry on it.
    const trigger = state.spendTrigger(triggerArg(args));
    if (!trigger.ok) return refuse(trigger.error);
    const checked = readView(args, state, "modal");
    if (!checked.ok) return checked.answer;
    const view = storeView(state, checked.view, {});
    state.modalStacks.set(trigger.user, [view.id]);
    return { ok: true, view };
  },
};

const push: SlackMethod = {
  acceptsJson: true,
  required: ["view"],
  handle(args, state) {
    // The trigger is spent first: a refused view still uses it up, so an app cannot retry on it.
    const trigger = state.spendTrigger(triggerArg(args));
    if (!trigger.ok) return refuse(trigger.error);
    const checked = readView(args, state, "modal");
    if (!checked.ok) return checked.answer;
    const stack = state.modalStacks.get(trigger.user) ?? [];
    const top = stack.at(-1);
    if (!top) return refuse("not_found");
    if (stack.length >= MAX_MODAL_STACK) return refuse("push_limit_reached");
    const view = storeView(state, checked.view, { rootViewId: stack[0], previousViewId: top });
    stack.push(view.id);
    return { ok: true, view };
  },
};

const update: SlackMethod = {
  acceptsJson: true,
  required: ["view"],
  handle(args, state) {
    const viewId = textArg(args, "view_id");
    const externalId = textArg(args, "external_id");
    if (!viewId && !externalId) {
      return refuse("invalid_arguments", [
        "[ERROR] missing required field: view_id or external_id",
      ]);
    }
    const current = viewId
      ? state.views.get(viewId)
      : [...state.views.values()].find((v) => v.external_id === externalId);
    if (!current) return refuse("not_found");
    const hash = textArg(args, "hash");
    if (hash !== undefined && hash !== current.hash) return refuse("hash_conflict");
    const checked = readView(args, state, current.type, current.id);
    if (!checked.ok) return checked.answer;
    const view = storeView(state, checked.view, {
      id: current.id,
      rootViewId: current.root_view_id,
      previousViewId: current.previous_view_id,
    });
    return { ok: true, view };
  },
};

const publish: SlackMethod = {
  acceptsJson: true,
  required: ["user_id", "view"],
  handle(args, state) {
    const user = textArg(args, "user_id") ?? "";
    if (!state.users.has(user)) return refuse("user_not_found");
    const currentId = state.homeViews.get(user);
    const current = currentId ? state.views.get(currentId) : undefined;
    const hash = textArg(args, "hash");
    if (hash !== undefined && current && hash !== current.hash) return refuse("hash_conflict");
    const checked = readView(args, state, "home", currentId);
    if (!checked.ok) return checked.answer;
    const view = storeView(state, checked.view, currentId ? { id: currentId } : {});
    state.homeViews.set(user, view.id);
    return { ok: true, view };
  },
};

export const VIEW_METHODS: Record<string, SlackMethod> = {
  "views.open": open,
  "views.push": push,
  "views.update": update,
  "views.publish": publish,
};

/** What the user sees after the app answered a view_submission. */
export type ViewSubmissionOutcome =
  | { kind: "closed" }
  | { kind: "cleared" }
  | { kind: "errors"; errors: Record<string, string> }
  | { kind: "updated"; view: FakeSlackView }
  | { kind: "pushed"; view: FakeSlackView }
  /** Slack shows its own error in the modal: the app answered late, non-200 or nonsense. */
  | { kind: "refused"; reason: string };

/** Slack's reading of the app's HTTP answer to a view_submission of `view` by `user`. */
export function applyViewSubmissionAnswer(
  state: FakeSlackState,
  user: string,
  view: FakeSlackView,
  answer: { status: number; body: string; ms: number },
): ViewSubmissionOutcome {
  if (answer.status !== 200) return { kind: "refused", reason: `HTTP ${answer.status}` };
  if (answer.ms > 3000)
    return { kind: "refused", reason: `answered after ${Math.round(answer.ms)} ms` };
  const stack = state.modalStacks.get(user) ?? [];
  if (answer.body.trim() === "") {
    stack.pop();
    return { kind: "closed" };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return { kind: "refused", reason: "the body is not JSON" };
  }
  if (!isRecord(parsed)) return { kind: "refused", reason: "the body is not a JSON object" };
  const action = parsed.response_action;
  if (action === "clear") {
    stack.length = 0;
    return { kind: "cleared" };
  }
  if (action === "errors") return readErrors(view, parsed.errors);
  if (action === "update" || action === "push") {
    const checked = readView(
      { view: parsed.view },
      state,
      "modal",
      action === "update" ? view.id : undefined,
    );
    if (!checked.ok) {
      const messages = checked.answer.response_metadata;
      return {
        kind: "refused",
        reason: `invalid view: ${JSON.stringify(messages ?? checked.answer.error)}`,
      };
    }
    if (action === "update") {
      const updated = storeView(state, checked.view, {
        id: view.id,
        rootViewId: view.root_view_id,
        previousViewId: view.previous_view_id,
      });
      return { kind: "updated", view: updated };
    }
    if (stack.length >= MAX_MODAL_STACK) return { kind: "refused", reason: "push_limit_reached" };
    const pushed = storeView(state, checked.view, {
      rootViewId: stack[0] ?? view.id,
      previousViewId: view.id,
    });
    stack.push(pushed.id);
    return { kind: "pushed", view: pushed };
  }
  return { kind: "refused", reason: `unknown response_action ${JSON.stringify(action)}` };
}

/** `errors` must name input blocks of the view; Slack rejects the whole answer otherwise. */
function readErrors(view: FakeSlackView, errors: unknown): ViewSubmissionOutcome {
  if (!isRecord(errors)) return { kind: "refused", reason: "errors is not an object" };
  const inputs = new Set(
    view.blocks.flatMap((b) =>
      isRecord(b) && b.type === "input" && typeof b.block_id === "string" ? [b.block_id] : [],
    ),
  );
  const out: Record<string, string> = {};
  for (const [blockId, message] of Object.entries(errors)) {
    if (!inputs.has(blockId))
      return { kind: "refused", reason: `errors names ${blockId}, not an input block` };
    if (typeof message !== "string")
      return { kind: "refused", reason: `errors.${blockId} is not a string` };
    out[blockId] = message;
  }
  return { kind: "errors", errors: out };
}
