import { describe, expect, it } from "vitest";
import { createAdminRoutes, tokenMatches } from "../../src/admin/admin-endpoint.js";
import { ADMIN_RUN_PATH, ZAdminRequest } from "../../src/admin/admin-protocol.js";
import { parseAdminAnswer, replayResponse } from "../../src/admin/forward-command.js";
import { type CliIo, createCliContext } from "../../src/cli/cli-context.js";

const TOKEN = "a".repeat(43);

type Run = Parameters<typeof createAdminRoutes>[0]["run"];

function routes(run: Run = async () => ({ exitCode: 0, events: [] })) {
  return createAdminRoutes({ token: TOKEN, run });
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://127.0.0.1${ADMIN_RUN_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const request = { argv: ["campaign", "list"], locale: "en" };

describe("the admin endpoint's routes", () => {
  it("refuses a request without the token, or with a wrong one, in the admin's language", async () => {
    let ran = 0;
    const app = routes(async () => {
      ran += 1;
      return { exitCode: 0, events: [] };
    });
    const none = await app.fetch(post(request, { "accept-language": "zh-CN" }));
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: "unauthorized", message: /令牌/ });
    const wrong = await app.fetch(post(request, { authorization: `Bearer ${"b".repeat(43)}` }));
    expect(wrong.status).toBe(401);
    const shorter = await app.fetch(post(request, { authorization: `Bearer ${TOKEN.slice(1)}` }));
    expect(shorter.status).toBe(401);
    expect(ran).toBe(0);
  });

  it("refuses a malformed body with what is wrong, and runs nothing", async () => {
    let ran = 0;
    const app = routes(async () => {
      ran += 1;
      return { exitCode: 0, events: [] };
    });
    const auth = { authorization: `Bearer ${TOKEN}`, "accept-language": "en" };
    for (const body of [
      "{not json",
      { argv: [], locale: "en" },
      { argv: ["campaign", "list"], locale: "fr" },
      { ...request, extra: true },
      { ...request, files: [{ path: "x.yaml", content: "not base64!" }] },
    ]) {
      const response = await app.fetch(post(body, auth));
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await response.json()).toMatchObject({ error: "bad_request" });
    }
    expect(ran).toBe(0);
  });

  it("runs a valid request and answers with its result", async () => {
    const seen: unknown[] = [];
    const app = routes(async (parsed) => {
      seen.push(parsed);
      return { exitCode: 3, events: [{ kind: "stderr", text: "no\n" }] };
    });
    const response = await app.fetch(post(request, { authorization: `Bearer ${TOKEN}` }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      exitCode: 3,
      events: [{ kind: "stderr", text: "no\n" }],
    });
    expect(seen).toEqual([{ ...request, files: [] }]);
  });

  it("compares tokens whole", () => {
    expect(tokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(tokenMatches(TOKEN, TOKEN)).toBe(false);
    expect(tokenMatches(undefined, TOKEN)).toBe(false);
    expect(tokenMatches(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
  });
});

describe("the command line's reading of the endpoint's answer", () => {
  it("takes a whole result, and calls anything else at 200 malformed", () => {
    expect(parseAdminAnswer(200, JSON.stringify({ exitCode: 0, events: [] }))).toEqual({
      kind: "result",
      response: { exitCode: 0, events: [] },
    });
    expect(parseAdminAnswer(200, "<html>")).toEqual({ kind: "malformed" });
    expect(parseAdminAnswer(200, JSON.stringify({ exitCode: 999, events: [] }))).toEqual({
      kind: "malformed",
    });
  });

  it("keeps a refusal's message, and the status when there is none", () => {
    expect(parseAdminAnswer(401, JSON.stringify({ error: "unauthorized", message: "no" }))).toEqual(
      { kind: "refused", status: 401, message: "no" },
    );
    expect(parseAdminAnswer(502, "Bad Gateway")).toEqual({
      kind: "refused",
      status: 502,
      message: undefined,
    });
  });

  it("replays output and files in order, and stops at a file it cannot write", async () => {
    const log: string[] = [];
    const io: CliIo = {
      write: (content) => log.push(`out:${Buffer.from(content).toString()}`),
      writeErr: (text) => log.push(`err:${text}`),
      readFile: async () => Buffer.from(""),
      writeFile: async (path, content) => {
        if (path === "/read-only/x") throw new Error("EACCES");
        log.push(`file:${path}:${Buffer.from(content).toString()}`);
      },
    };
    const context = createCliContext("en", io);
    const b64 = (text: string) => Buffer.from(text).toString("base64");
    const code = await replayResponse(context, {
      exitCode: 0,
      events: [
        { kind: "stdout", content: b64("one\n") },
        { kind: "file", path: "/tmp/a.yaml", content: b64("A") },
        { kind: "stderr", text: "two\n" },
        { kind: "file", path: "/read-only/x", content: b64("B") },
        { kind: "stdout", content: b64("never\n") },
      ],
    });
    expect(code).toBe(1);
    expect(log.slice(0, 3)).toEqual(["out:one\n", "file:/tmp/a.yaml:A", "err:two\n"]);
    expect(log.join("")).not.toContain("never");
    expect(log.at(-1)).toMatch(/^err:.*EACCES/);
  });
});

describe("the request's schema", () => {
  it("defaults the files to none and bounds what it accepts", () => {
    expect(ZAdminRequest.parse(request).files).toEqual([]);
    expect(ZAdminRequest.safeParse({ ...request, argv: Array(101).fill("x") }).success).toBe(false);
    expect(
      ZAdminRequest.safeParse({ ...request, files: [{ path: "a", error: "ENOENT" }] }).success,
    ).toBe(true);
  });
});
