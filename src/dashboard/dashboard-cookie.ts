import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/** The session cookie: only the dashboard's paths receive it. */
const COOKIE = { name: "duban_dashboard", path: "/dashboard" } as const;

/**
 * Whether the browser reached duban over HTTPS: directly, through a proxy that says so, or
 * because the public address duban gives out is https (then the cookie must never travel
 * in clear even if a visitor typed http://).
 */
function overHttps(c: Context, publicUrlIsHttps: boolean): boolean {
  if (publicUrlIsHttps || new URL(c.req.url).protocol === "https:") return true;
  return c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

/** The session token the browser sent, if any. */
export function sessionCookieOf(c: Context): string | undefined {
  return getCookie(c, COOKIE.name);
}

/**
 * Sets the session cookie: httpOnly (no script reads it), SameSite=Lax (no cross-site POST
 * carries it), Secure when over HTTPS, and gone by itself when the session ends.
 */
export function setSessionCookie(
  c: Context,
  session: { token: string; expiresAt: Date; now: Date; publicUrlIsHttps: boolean },
): void {
  setCookie(c, COOKIE.name, session.token, {
    path: COOKIE.path,
    httpOnly: true,
    sameSite: "Lax",
    secure: overHttps(c, session.publicUrlIsHttps),
    maxAge: Math.max(0, Math.floor((session.expiresAt.getTime() - session.now.getTime()) / 1000)),
  });
}

/** Removes the session cookie (sign-out). */
export function clearSessionCookie(c: Context, publicUrlIsHttps: boolean): void {
  deleteCookie(c, COOKIE.name, {
    path: COOKIE.path,
    httpOnly: true,
    sameSite: "Lax",
    secure: overHttps(c, publicUrlIsHttps),
  });
}
