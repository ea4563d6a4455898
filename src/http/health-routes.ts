import { Hono } from "hono";
import type { Readiness } from "./readiness.js";

/**
 * `GET /healthz`, alive: 200 `{ status: "ok", uptimeMs }` once the database answers a query
 * (a failure is a 500 from the server). `GET /readyz`, ready for traffic: 200
 * `{ status: "ready" }` when `readiness` says so, else 503 with its state (`starting` and
 * what it waits for, or `stopping`), so a load balancer holds traffic back until every
 * platform and the scheduler run, and again from the start of shutdown.
 */
export function createHealthRoutes(options: {
  /** Resolves when the database answers; rejects otherwise. */
  checkDatabase: () => Promise<unknown>;
  readiness: Readiness;
  /** When duban started (`Date.now()` milliseconds), for `uptimeMs`. */
  startedAt: number;
}): Hono {
  const routes = new Hono();
  routes.get("/healthz", async (c) => {
    await options.checkDatabase();
    return c.json({ status: "ok", uptimeMs: Date.now() - options.startedAt });
  });
  routes.get("/readyz", (c) => {
    const state = options.readiness.state();
    return c.json(state, state.status === "ready" ? 200 : 503);
  });
  return routes;
}
