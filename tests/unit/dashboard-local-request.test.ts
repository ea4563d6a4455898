import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { isLocalRequest, isLoopbackAddress } from "../../src/dashboard/local-request.js";
import { dashboardOpensLocally, publicUrlOf } from "../../src/http/public-url.js";

/** Whether a request counts as this machine's, as @hono/node-server hands it over. */
async function local(url: string, remoteAddress: string | undefined, headers = {}) {
  const app = new Hono();
  app.get("*", (c) => c.json(isLocalRequest(c)));
  const response = await app.request(url, { headers }, { incoming: { socket: { remoteAddress } } });
  return response.json();
}

describe("this machine's requests", () => {
  it("knows loopback addresses, IPv4 mapped into IPv6 included", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
    for (const address of ["10.0.0.1", "::ffff:192.168.1.2", "fe80::1", "", undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });

  it("needs a loopback peer, a loopback name and no proxy in between", async () => {
    expect(await local("http://127.0.0.1:3000/dashboard", "127.0.0.1")).toBe(true);
    expect(await local("http://localhost:3000/dashboard", "::1")).toBe(true);
    expect(await local("http://127.0.0.1:3000/dashboard", "192.168.1.20")).toBe(false);
    expect(await local("http://evil.example:3000/dashboard", "127.0.0.1")).toBe(false);
    expect(await local("http://127.0.0.1:3000/dashboard", undefined)).toBe(false);
    for (const header of ["forwarded", "x-forwarded-for", "x-real-ip"]) {
      expect(
        await local("http://127.0.0.1:3000/dashboard", "127.0.0.1", { [header]: "203.0.113.9" }),
      ).toBe(false);
    }
  });
});

describe("duban's public address", () => {
  it("is DUBAN_PUBLIC_URL, else where it listens, with the machine's name for a wildcard", () => {
    const machineName = "reports-01";
    expect(
      publicUrlOf({
        configured: "https://duban.example.org",
        listening: "http://0.0.0.0:3000",
        host: "0.0.0.0",
        machineName,
      }),
    ).toBe("https://duban.example.org");
    expect(
      publicUrlOf({ listening: "http://192.0.2.2:3000", host: "192.0.2.2", machineName }),
    ).toBe("http://192.0.2.2:3000");
    expect(publicUrlOf({ listening: "http://0.0.0.0:3000", host: "0.0.0.0", machineName })).toBe(
      "http://reports-01:3000",
    );
    expect(publicUrlOf({ listening: "http://[::]:3000", host: "::", machineName })).toBe(
      "http://reports-01:3000",
    );
  });

  it("lets the dashboard trust this machine only on loopback with no public address", () => {
    expect(dashboardOpensLocally({ host: "127.0.0.1" })).toBe(true);
    expect(dashboardOpensLocally({ host: "::1" })).toBe(true);
    expect(dashboardOpensLocally({ host: "localhost", publicUrl: "http://127.0.0.1:3000" })).toBe(
      true,
    );
    expect(dashboardOpensLocally({ host: "0.0.0.0" })).toBe(false);
    expect(dashboardOpensLocally({ host: "192.0.2.2" })).toBe(false);
    expect(
      dashboardOpensLocally({ host: "127.0.0.1", publicUrl: "https://duban.example.org" }),
    ).toBe(false);
  });
});
