import { describe, expect, it } from "vitest";
import { contentDisposition } from "../../src/platforms/web/file-response.js";
import { isLoopbackHost, refusalOf } from "../../src/platforms/web/same-origin.js";
import { tryoutMode } from "../../src/platforms/web/tryout-mode.js";

const request = (method: string, url: string, headers: Record<string, string> = {}) => ({
  method,
  url,
  header: (name: string) => headers[name],
});

describe("refusalOf (CSRF and DNS rebinding)", () => {
  const loopback = { loopbackOnly: true };
  it("lets same-origin requests and non-browser clients through", () => {
    const url = "http://127.0.0.1:3000/tryout/api/messages";
    expect(refusalOf(request("POST", url), loopback)).toBeUndefined();
    const same = { origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" };
    expect(refusalOf(request("POST", url, same), loopback)).toBeUndefined();
    expect(
      refusalOf(request("GET", url, { "sec-fetch-site": "cross-site" }), loopback),
    ).toBeUndefined();
  });

  it("refuses state changes from another site", () => {
    const url = "http://127.0.0.1:3000/tryout/api/messages";
    const refused: Record<string, string>[] = [
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "http://evil.example" },
      { origin: "http://127.0.0.1:4000" },
      { origin: "null" },
    ];
    for (const headers of refused) {
      expect(refusalOf(request("POST", url, headers), loopback), JSON.stringify(headers)).toBe(
        "cross_site",
      );
      expect(refusalOf(request("DELETE", url, headers), loopback)).toBe("cross_site");
    }
  });

  it("refuses a host name other than loopback while the try-out is on for loopback", () => {
    const url = "http://rebound.example:3000/tryout/api/members";
    expect(refusalOf(request("GET", url), loopback)).toBe("foreign_host");
    expect(refusalOf(request("GET", url), { loopbackOnly: false })).toBeUndefined();
    for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "[::1]", "::1"]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ["0.0.0.0", "10.0.0.1", "localhost.evil.example", "128.0.0.1"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe("tryoutMode", () => {
  it("is on with no token on loopback, or when DUBAN_TRYOUT=1; off with a token or DUBAN_TRYOUT=0", () => {
    expect(tryoutMode({ tokens: false, host: "127.0.0.1" })).toEqual({ loopbackOnly: true });
    expect(tryoutMode({ tokens: false, host: "::1" })).toEqual({ loopbackOnly: true });
    expect(tryoutMode({ tokens: false, host: "localhost" })).toEqual({ loopbackOnly: true });
    expect(tryoutMode({ tokens: false, host: "0.0.0.0" })).toBeUndefined();
    expect(tryoutMode({ tokens: false, host: "0.0.0.0", setting: "1" })).toEqual({
      loopbackOnly: false,
    });
    expect(tryoutMode({ tokens: false, host: "127.0.0.1", setting: "0" })).toBeUndefined();
    expect(tryoutMode({ tokens: true, host: "127.0.0.1" })).toBeUndefined();
    expect(tryoutMode({ tokens: true, host: "127.0.0.1", setting: "1" })).toBeUndefined();
  });
});

describe("contentDisposition", () => {
  it("names the file in ASCII and in full", () => {
    expect(contentDisposition("product-2027-2027Q1-draft.docx")).toBe(
      `attachment; filename="product-2027-2027Q1-draft.docx"; filename*=UTF-8''product-2027-2027Q1-draft.docx`,
    );
    expect(contentDisposition('通报 "1".docx')).toBe(
      `attachment; filename="__ 1.docx"; filename*=UTF-8''%E9%80%9A%E6%8A%A5%20%221%22.docx`,
    );
  });
});
