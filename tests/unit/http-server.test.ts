import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningHttpServer, startHttpServer } from "../../src/http/http-server.js";
import { nodeBindings } from "../../src/http/node-bindings.js";

describe("the HTTP server", () => {
  let running: RunningHttpServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  const serve = async (app: Hono, onError: (error: unknown) => void = () => undefined) => {
    running = await startHttpServer({ port: 0, host: "127.0.0.1", app, onError });
    return running.url;
  };

  it("answers an unknown path with 404 JSON", async () => {
    const url = await serve(new Hono());
    const response = await fetch(`${url}/nowhere`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: "not_found" });
  });

  it("answers a throwing handler with 500 JSON, passes the error on, and keeps serving", async () => {
    const errors: unknown[] = [];
    const failure = new Error("handler broke");
    const sub = new Hono();
    sub.get("/boom", () => {
      throw failure;
    });
    sub.get("/fine", (c) => c.json({ fine: true }));
    const app = new Hono();
    app.route("/", sub);
    const url = await serve(app, (error) => errors.push(error));

    const response = await fetch(`${url}/boom`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "internal_error" });
    expect(errors).toEqual([failure]);
    expect(await (await fetch(`${url}/fine`)).json()).toEqual({ fine: true });
  });

  it("serves the sub-apps mounted on the app, each on its own paths", async () => {
    const health = new Hono();
    health.get("/healthz", (c) => c.json({ status: "ok" }));
    const hooks = new Hono();
    hooks.post("/hooks/in", async (c) => c.json({ got: await c.req.json() }, 202));
    const app = new Hono();
    app.route("/", health);
    app.route("/", hooks);
    const url = await serve(app);

    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: "ok" });
    const posted = await fetch(`${url}/hooks/in`, { method: "POST", body: '{"a":1}' });
    expect(posted.status).toBe(202);
    expect(await posted.json()).toEqual({ got: { a: 1 } });
    expect((await fetch(`${url}/hooks/in`)).status).toBe(404);
  });

  it("lets a handler answer on the raw Node request and response, its body still unread", async () => {
    // What Slack's route relies on: Bolt reads the body itself to verify its signature.
    const raw = new Hono();
    raw.post("/raw", async (c) => {
      const { incoming, outgoing } = nodeBindings(c);
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      outgoing.writeHead(200, { "content-type": "text/plain" });
      outgoing.end(`read ${Buffer.concat(chunks).toString("utf8")}`);
      return RESPONSE_ALREADY_SENT;
    });
    const url = await serve(raw);

    const response = await fetch(`${url}/raw`, { method: "POST", body: "the exact bytes" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("read the exact bytes");
  });

  it("refuses to hand out Node bindings where there are none", async () => {
    const app = new Hono();
    app.get("/raw", (c) => c.text(String(nodeBindings(c).incoming.url)));
    app.onError((error, c) => c.text(error.message, 500));
    const response = await app.request("/raw");
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/needs the Node request and response/);
  });
});
