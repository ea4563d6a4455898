import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createHealthRoutes } from "../../src/http/health-routes.js";
import { startHttpServer } from "../../src/http/http-server.js";
import { createReadiness } from "../../src/http/readiness.js";

describe("health and readiness", () => {
  it("is ready only once every step is done, and not again once stopping", async () => {
    const readiness = createReadiness();
    const routes = createHealthRoutes({
      checkDatabase: async () => undefined,
      readiness,
      startedAt: Date.now(),
    });
    const ready = async () => {
      const response = await routes.request("/readyz");
      return { status: response.status, body: await response.json() };
    };

    expect(await ready()).toEqual({
      status: 503,
      body: { status: "starting", waitingFor: ["database", "platforms", "scheduler"] },
    });
    readiness.done("database");
    readiness.done("scheduler");
    expect(await ready()).toEqual({
      status: 503,
      body: { status: "starting", waitingFor: ["platforms"] },
    });
    readiness.done("platforms");
    expect(await ready()).toEqual({ status: 200, body: { status: "ready" } });
    readiness.stopping();
    expect(await ready()).toEqual({ status: 503, body: { status: "stopping" } });
    readiness.done("platforms");
    expect((await ready()).status).toBe(503);
  });

  it("is alive while starting, and not when the database does not answer", async () => {
    let databaseUp = true;
    const errors: unknown[] = [];
    const app = new Hono();
    app.route(
      "/",
      createHealthRoutes({
        checkDatabase: async () => {
          if (!databaseUp) throw new Error("database down");
        },
        readiness: createReadiness(),
        startedAt: Date.now(),
      }),
    );
    const http = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      app,
      onError: (error) => errors.push(error),
    });
    try {
      const alive = await fetch(`${http.url}/healthz`);
      expect(alive.status).toBe(200);
      expect(await alive.json()).toMatchObject({ status: "ok", uptimeMs: expect.any(Number) });
      expect((await fetch(`${http.url}/readyz`)).status).toBe(503);

      databaseUp = false;
      const down = await fetch(`${http.url}/healthz`);
      expect(down.status).toBe(500);
      expect(await down.json()).toEqual({ error: "internal_error" });
      expect(errors).toHaveLength(1);
    } finally {
      await http.close();
    }
  });
});
