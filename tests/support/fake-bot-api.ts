import http from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback Bot API that answers each call with the next scripted answer for its method. */
export async function startFakeBotApi(script: Record<string, { status: number; body: object }[]>) {
  const calls: { method: string; body: string }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const method = request.url?.split("/").at(-1) ?? "";
      calls.push({ method, body: Buffer.concat(chunks).toString("utf8") });
      const answer = script[method]?.shift() ?? {
        status: 200,
        body: {
          ok: true,
          result: { message_id: calls.length, date: 1, chat: { id: 1, type: "private" } },
        },
      };
      response
        .writeHead(answer.status, { "content-type": "application/json" })
        .end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
