import { type IncomingContent, LEADER_COMMANDS, STAFF_COMMANDS } from "../core/incoming.js";
import { SUPPORTED_LOCALES } from "../i18n/locales.js";
import type { Translator } from "../i18n/translate.js";
import { normaliseTyped } from "../reporting/read-answer.js";

type TypedCommand = Extract<IncomingContent, { kind: "command" }>;

/** Every command a person can type. */
const KNOWN_COMMANDS = [...STAFF_COMMANDS, ...LEADER_COMMANDS, "start"] as const;

/** Commands that may take arguments typed without a slash: they read, set a language, or bind. */
const BARE_WITH_ARGUMENTS = new Set(["status", "circular", "lang", "start"]);

/**
 * Commands that a word typed alone runs even while a report is open, where any other text is
 * an answer: asking for help, pausing, going back to the question, or the list of one's tasks
 * is never what someone means as an item of work or a problem.
 */
const WHILE_REPORTING = new Set(["help", "cancel", "report", "mytasks"]);

/**
 * The words that name each command, in every language: its own name, and the words the
 * catalogs give under `chat.commandWords.<command>` ("填报|报送"), so that a command can be
 * typed where slash commands are not the way (a Slack DM takes only `/duban …`). Throws
 * when the catalogs give one word to two commands.
 */
export function commandWords(translate: Translator): Map<string, string> {
  const words = new Map<string, string>();
  for (const command of KNOWN_COMMANDS) {
    words.set(command, command);
    for (const locale of SUPPORTED_LOCALES) {
      const listed = translate(locale, `chat.commandWords.${command}`);
      for (const word of listed.split("|")) {
        const typed = normaliseTyped(word);
        if (typed === "") continue;
        const claimed = words.get(typed);
        // A word naming two commands would run one of them by chance: a catalog mistake.
        if (claimed !== undefined && claimed !== command) {
          throw new Error(`"${typed}" names both ${claimed} and ${command} in the catalogs`);
        }
        words.set(typed, command);
      }
    }
  }
  return words;
}

/**
 * A command typed as text in a private chat: "report", "status 2", "填报", "通报 2022Q2",
 * " /skip sick" (Slack's composer sends a leading slash only after a space). Without the
 * slash a sentence that merely starts with a command's word ("skip the meeting") is not run
 * as one. While a report is open only a word of `WHILE_REPORTING` typed alone is a command:
 * everything else is the answer to the question.
 */
export function readTypedCommand(
  text: string,
  words: ReadonlyMap<string, string>,
  options: { reportOpen: boolean },
): TypedCommand | undefined {
  // A command's word of several words ("my tasks") is the whole text.
  const whole = words.get(normaliseTyped(text).replace(/^\//, "").replace(/\s+/g, " "));
  const match = /^\s*(\/?)(\S+)(?:\s+([\s\S]*))?$/u.exec(text);
  if (!match) return undefined;
  const name = whole ?? words.get(normaliseTyped(match[2] ?? ""));
  if (!name) return undefined;
  const args = whole ? "" : (match[3] ?? "").trim();
  const command: TypedCommand = { kind: "command", name, args };
  if (options.reportOpen) return runsWhileReporting(command) ? command : undefined;
  if (match[1] === "" && args !== "" && !BARE_WITH_ARGUMENTS.has(name)) return undefined;
  return command;
}

/**
 * Whether a command read with no report open also runs while one is: a word of
 * `WHILE_REPORTING` typed alone. Saves reading the text a second time.
 */
export function runsWhileReporting(command: TypedCommand): boolean {
  return WHILE_REPORTING.has(command.name) && command.args === "";
}
