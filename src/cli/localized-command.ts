import { Command } from "commander";
import type { Translate } from "../i18n/translate.js";

/**
 * Commander's own words — its parse errors, the help's headings and the help option — in the
 * admin's language. Commander writes them in English and has no catalogue, so each error is
 * rewritten from its code and the names it quotes, and the help's titles are restyled; the
 * rest of every help text is duban's own (prompts/<locale>/cli.yaml).
 */
export class LocalizedCommand extends Command {
  #translate: Translate | undefined;

  /** The root command; subcommands made with `.command()` speak its language. */
  static root(name: string, translate: Translate): LocalizedCommand {
    return new LocalizedCommand(name).#speak(translate);
  }

  #speak(translate: Translate): this {
    this.#translate = translate;
    const say = (key: string) => translate(`cli.commander.${key}`);
    const titles: Record<string, string> = {
      "Usage:": say("usage"),
      "Options:": say("options"),
      "Commands:": say("commands"),
      "Arguments:": say("arguments"),
      "Global Options:": say("globalOptions"),
    };
    this.helpOption("-h, --help", say("helpOption"));
    this.helpCommand("help [command]", say("helpCommand"));
    this.configureHelp({
      styleTitle: (title) => titles[title] ?? title,
      // duban's option texts say their defaults in words; commander would add `(default: "md")`.
      optionDescription: (option) => option.description,
    });
    return this;
  }

  /** Commander copies the help settings to a subcommand; the errors need the translator. */
  override createCommand(name?: string): Command {
    const child = new LocalizedCommand(name);
    child.#translate = this.#translate;
    return child;
  }

  override error(message: string, options?: { code?: string; exitCode?: number }): never {
    const translated = this.#translate
      ? translateCommanderError(message, options?.code, this.#translate)
      : message;
    return super.error(translated, options);
  }
}

/** The quoted names in commander's messages: 'x'. */
function quoted(message: string): string[] {
  return [...message.matchAll(/'([^']*)'/g)].map((match) => match[1] ?? "");
}

/**
 * One of commander's errors in the admin's words, by its code; a message it does not know
 * (duban's own argument errors, a future commander's) is kept as it is.
 *
 * @example translateCommanderError("error: unknown option '--frm'\n(Did you mean --from?)",
 *   "commander.unknownOption", t) // "错误：未知选项 --frm（是不是要用 --from？）"
 */
export function translateCommanderError(
  message: string,
  code: string | undefined,
  translate: Translate,
): string {
  const say = (key: string, params: Record<string, string> = {}) =>
    translate(`cli.commander.${key}`, params);
  const [first = "", second = ""] = quoted(message);
  const suggestion = /\(Did you mean ([^?]+)\?\)/.exec(message)?.[1];
  const hint = suggestion ? say("didYouMean", { suggestion }) : "";
  const text = (() => {
    switch (code) {
      case "commander.missingArgument":
        return say("missingArgument", { argument: first });
      case "commander.optionMissingArgument":
        return say("optionMissingArgument", { option: first });
      case "commander.missingMandatoryOptionValue":
        return say("missingMandatoryOption", { option: first });
      case "commander.unknownOption":
        return say("unknownOption", { option: first });
      case "commander.unknownCommand":
        return say("unknownCommand", { command: first });
      case "commander.excessArguments": {
        const counts = /Expected (\d+) arguments? but got (\d+)/.exec(message);
        return say("excessArguments", {
          command: first,
          expected: counts?.[1] ?? "?",
          got: counts?.[2] ?? "?",
        });
      }
      case "commander.conflictingOption":
        return say("conflictingOption", { option: first, other: second });
      default:
        return undefined;
    }
  })();
  return text === undefined ? message : say("error", { message: `${text}${hint}` });
}
