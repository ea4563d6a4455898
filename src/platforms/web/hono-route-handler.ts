import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";
import type { RouteHandler } from "../../http/http-server.js";

/**
 * Serves a Hono sub-app on duban's present HTTP server, for the paths it owns, until that
 * server mounts sub-apps itself (`app.route("/", adapter.routes)`); then this goes.
 */
export function honoRouteHandler(app: Hono, owns: (path: string) => boolean): RouteHandler {
  const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false });
  return async (request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    if (!owns(path)) return false;
    await listener(request, response);
    return true;
  };
}
