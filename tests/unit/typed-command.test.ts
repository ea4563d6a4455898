import { describe, expect, it } from "vitest";
import { commandWords, readTypedCommand } from "../../src/chat/typed-command.js";
import { t } from "../../src/i18n/translate.js";

const words = commandWords(t);
const read = (text: string, reportOpen = false) => readTypedCommand(text, words, { reportOpen });
const command = (name: string, args = "") => ({ kind: "command", name, args });

describe("readTypedCommand", () => {
  it("reads a command's name typed without its slash, in either language", () => {
    expect(read("report")).toEqual(command("report"));
    expect(read("  Mytasks ")).toEqual(command("mytasks"));
    expect(read("my tasks")).toEqual(command("mytasks"));
    expect(read("My  Tasks")).toEqual(command("mytasks"));
    expect(read("my tasks are late")).toBeUndefined();
    expect(read("填报")).toEqual(command("report"));
    expect(read("帮助。")).toEqual(command("help"));
    expect(read("我的任务")).toEqual(command("mytasks"));
    expect(read(" /skip sick")).toEqual(command("skip", "sick"));
  });

  it("takes arguments without a slash only for the commands that read or bind", () => {
    expect(read("status 2")).toEqual(command("status", "2"));
    expect(read("进度 2")).toEqual(command("status", "2"));
    expect(read("通报 2022Q2")).toEqual(command("circular", "2022Q2"));
    expect(read("lang en")).toEqual(command("lang", "en"));
    expect(read("skip the meeting")).toBeUndefined();
    expect(read("取消 这个")).toBeUndefined();
    expect(read("Reported the figures")).toBeUndefined();
  });

  it("while a report is open, runs only help, cancel, report and my tasks typed alone", () => {
    expect(read("cancel", true)).toEqual(command("cancel"));
    expect(read("暂停", true)).toEqual(command("cancel"));
    expect(read("help", true)).toEqual(command("help"));
    expect(read("report", true)).toEqual(command("report"));
    expect(read("mytasks", true)).toEqual(command("mytasks"));
    expect(read("my tasks", true)).toEqual(command("mytasks"));
    // Everything else is an answer: "done" ends a list, "status 2" may be a progress item.
    expect(read("done", true)).toBeUndefined();
    expect(read("status 2", true)).toBeUndefined();
    expect(read("skip", true)).toBeUndefined();
    expect(read("cancel the vendor contract", true)).toBeUndefined();
    expect(read("/cancel now", true)).toBeUndefined();
  });

  it("refuses catalogs that give one word to two commands", () => {
    expect(words.get("通报")).toBe("circular");
    expect(words.get("pause")).toBe("cancel");
    const clashing = (_locale: string, key: string) =>
      key === "chat.commandWords.cancel" || key === "chat.commandWords.skip" ? "stop" : "";
    expect(() => commandWords(clashing)).toThrow(/"stop" names both/);
  });
});
