import { describe, expect, it } from "vitest";
import { createCliContext } from "../../src/cli/cli-context.js";
import { translateCommanderError } from "../../src/cli/localized-command.js";
import { buildProgram, runProgram } from "../../src/cli/program.js";
import type { Locale } from "../../src/i18n/locales.js";
import { translatorFor } from "../../src/i18n/translate.js";

/** Runs the real command line on `argv` with its output captured; no database is opened. */
async function run(locale: Locale, argv: string[]) {
  let out = "";
  let err = "";
  const context = createCliContext(locale, {
    write: (content) => {
      out += String(content);
    },
    writeErr: (text) => {
      err += text;
    },
    readFile: () => Promise.reject(new Error("no files here")),
    writeFile: () => Promise.reject(new Error("no files here")),
  });
  const program = buildProgram(context);
  const code = await runProgram({ program, context, argv });
  return { code, out, err };
}

describe("the command line's own words in the admin's language", () => {
  it("names a missing option, a missing argument and an unknown command in Chinese", async () => {
    // Commander checks the options before the command runs: no database is opened.
    const digest = await run("zh-CN", ["digest"]);
    expect(digest.code).toBe(1);
    expect(digest.err).toMatch(/^错误：缺少必需的选项 --week <week>\n/);
    // The help shown after the error is Chinese too, headings and help option included.
    expect(digest.err).toContain("用法： duban digest [options]");
    expect(digest.err).toContain("选项：");
    expect(digest.err).toContain("-h, --help         显示此命令的帮助");
    expect(digest.err).not.toMatch(/Usage|Options|display help|error:/);

    const file = await run("zh-CN", ["campaign", "import"]);
    expect(file.err).toMatch(/^错误：缺少参数 file\n/);
    expect(file.err).toContain("参数：");

    const typo = await run("zh-CN", ["jobs", "plam"]);
    expect(typo.err).toMatch(/^错误：未知命令 plam（是不是要用 plan？）\n/);
  });

  it("speaks English with --lang en, and leaves the defaults to duban's own option texts", async () => {
    const typo = await run("en", ["campaign", "list", "--frm"]);
    expect(typo.code).toBe(1);
    expect(typo.err).toMatch(/^error: unknown option --frm\n/);
    const help = await run("en", ["digest", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: duban digest [options]");
    expect(help.out).toContain("md (Markdown) or html (the Telegram messages); default md");
    expect(help.out).not.toContain('(default: "md")');
  });

  it("rewrites each of commander's errors from its code, and keeps a message it does not know", () => {
    const zh = translatorFor("zh-CN");
    expect(
      translateCommanderError(
        "error: too many arguments for 'list'. Expected 0 arguments but got 2.",
        "commander.excessArguments",
        zh,
      ),
    ).toBe("错误：list 的参数过多：应为 0 个，收到 2 个");
    expect(
      translateCommanderError(
        "error: option '--out <file>' argument missing",
        "commander.optionMissingArgument",
        zh,
      ),
    ).toBe("错误：选项 --out <file> 缺少取值");
    expect(
      translateCommanderError(
        "error: unknown option '--frm'\n(Did you mean --from?)",
        "commander.unknownOption",
        zh,
      ),
    ).toBe("错误：未知选项 --frm（是不是要用 --from？）");
    const own = "--week 应为 ISO 周，如 2022-W26，而不是 x";
    expect(translateCommanderError(own, "commander.invalidArgument", zh)).toBe(own);
  });
});
