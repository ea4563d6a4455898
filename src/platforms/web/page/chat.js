/**
 * The try-out chat page: a picker of the campaign's people, then a chat with duban as the one
 * picked. Plain DOM, no framework; every text from the API goes in through `textContent`.
 */
import { ApiError, chooseMember, currentSession, endSession, listMembers } from "./api.js";
import { chatView } from "./chat-view.js";
import { el } from "./dom.js";
import { pickerView, rolesOf } from "./picker.js";
import { pickerLocale, readConfig, sayer } from "./strings.js";

const config = readConfig();
const app = /** @type {HTMLElement} */ (document.getElementById("app"));
/** @type {{ stop: () => void } | undefined} */
let current;

/** @param {Node} node @param {string} locale */
function show(node, locale) {
  current?.stop();
  current = undefined;
  document.documentElement.lang = locale;
  document.title = sayer(config, locale)("title");
  app.replaceChildren(node);
}

async function showPicker() {
  const locale = pickerLocale(config, navigator.languages ?? [navigator.language]);
  const say = sayer(config, locale);
  show(el("p", { className: "loading", text: say("loading") }), locale);
  const { members } = await listMembers();
  show(
    pickerView({
      members,
      say,
      onPick: async (member) => {
        const session = await chooseMember(member.key);
        showChat(session.member, rolesOf(member));
      },
    }),
    locale,
  );
}

/**
 * @param {{ key: string, name: string, locale: string }} member
 * @param {string[]} roles
 */
function showChat(member, roles) {
  const say = sayer(config, member.locale);
  const view = chatView({
    member,
    roles,
    say,
    onSwitch: async () => {
      await endSession().catch(() => undefined); // an expired session is signed out already
      await showPicker();
    },
    onSignedOut: () => void showPicker(),
  });
  show(view.node, member.locale);
  current = view;
}

/** Back in the chat of the person chosen before, if the session still holds. */
async function start() {
  try {
    const { member } = await currentSession();
    const { members } = await listMembers();
    const listed = members.find((/** @type {{ key: string }} */ other) => other.key === member.key);
    showChat(member, listed ? rolesOf(listed) : []);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) console.error(error);
    await showPicker();
  }
}

void start();
