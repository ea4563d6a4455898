import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback Bot API whose `getMe` is held until `release()`: a bot started against it stays
 * in its start, deterministically, for as long as a test needs. Long polls (`getUpdates` with
 * a timeout) are held until the bot aborts them; everything else succeeds with `true`.
 */
export async function startHeldBotApi() {
  const methods: string[] = [];
  const waiting = new Map<string, () => void>();
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const method = request.url?.split("/").at(-1) ?? "";
      methods.push(method);
      waiting.get(method)?.();
      const text = Buffer.concat(chunks).toString("utf8");
      const params = (text.startsWith("{") ? JSON.parse(text) : {}) as { timeout?: number };
      const answer = (result: unknown) =>
        response
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ ok: true, result }));
      if (method === "getMe") {
        void released.then(() =>
          answer({ id: 4242, is_bot: true, first_name: "duban", username: "duban_test_bot" }),
        );
      } else if (method === "getUpdates") {
        if (!params.timeout) answer([]);
      } else answer(true);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    methods,
    release,
    /** Resolves once `method` has been called (or at once if it was). */
    called: (method: string) =>
      methods.includes(method)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiting.set(method, resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
