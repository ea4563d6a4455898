import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { DashboardEnv } from "../../src/dashboard/dashboard-viewer.js";
import { isLoopbackAddress, loopbackViewer } from "../../src/dashboard/loopback-viewer.js";

/** A request as @hono/node-server hands it over: the socket's peer in `env.incoming`. */
function request(url: string, remoteAddress: string | undefined) {
  const app = new Hono<DashboardEnv>();
  app.get("/dashboard", loopbackViewer({ locale: "en" }), (c) => c.json(c.get("viewer")));
  return app.request(url, {}, { incoming: { socket: { remoteAddress } } });
}

describe("the loopback viewer", () => {
  it("knows loopback addresses, IPv4 mapped into IPv6 included", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
    for (const address of ["10.0.0.1", "::ffff:192.168.1.2", "fe80::1", "", undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });

  it("lets this machine in as the local viewer", async () => {
    const response = await request("http://127.0.0.1:3000/dashboard", "127.0.0.1");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ kind: "local" });
    expect((await request("http://localhost:3000/dashboard", "::1")).status).toBe(200);
  });

  it("refuses another machine, a rebound name, and a request with no socket, with a 403 page", async () => {
    const remote = await request("http://127.0.0.1:3000/dashboard", "192.168.1.20");
    expect(remote.status).toBe(403);
    expect(await remote.text()).toContain("served only to this machine");
    expect(remote.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect((await request("http://evil.example:3000/dashboard", "127.0.0.1")).status).toBe(403);
    expect((await request("http://127.0.0.1:3000/dashboard", undefined)).status).toBe(403);
  });
});
