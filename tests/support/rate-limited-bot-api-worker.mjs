// The server half of rate-limited-bot-api.ts, in a worker thread of its own so that what the
// test or benchmark does on its own thread never delays (and bunches) the arrival times.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const perSecond = workerData?.perSecond;
const accepted = [];
const refused = [];
let tooManyRequests = 0;
let nextMessageId = 1;
let windowStart = 0;
const now = () => performance.timeOrigin + performance.now();

function answer(response, status, body) {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const at = now();
    const [, token = "", method = ""] = request.url?.match(/^\/bot([^/]+)\/(\w+)/) ?? [];
    const sender = token.split(":")[1] ?? "";
    if (method === "getMe") {
      const me = { id: 42, is_bot: true, first_name: "fake", username: "fake_bot" };
      return answer(response, 200, { ok: true, result: me });
    }
    if (method !== "sendMessage") {
      return answer(response, 400, { ok: false, error_code: 400, description: "not faked" });
    }
    const payload = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    while (windowStart < accepted.length && at - accepted[windowStart].at >= 1000) windowStart++;
    if (perSecond !== undefined && accepted.length - windowStart >= perSecond) {
      tooManyRequests += 1;
      refused.push({ chatId: Number(payload.chat_id), text: payload.text ?? "", at, sender });
      const retryAfter = Math.max(1, Math.ceil((accepted[windowStart].at + 1000 - at) / 1000));
      return answer(response, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      });
    }
    const chatId = Number(payload.chat_id);
    const text = payload.text ?? "";
    accepted.push({ chatId, text, at, sender });
    const chat = { id: chatId, type: chatId < 0 ? "group" : "private" };
    const date = Math.floor(Date.now() / 1000);
    answer(response, 200, { ok: true, result: { message_id: nextMessageId++, date, chat, text } });
  });
});
server.keepAliveTimeout = 60_000;

parentPort?.on("message", (message) => {
  if (message.type === "stats") {
    parentPort?.postMessage({ id: message.id, accepted: accepted.length, tooManyRequests });
  } else if (message.type === "accepted") {
    parentPort?.postMessage({ id: message.id, accepted, refused, tooManyRequests });
  } else if (message.type === "close") {
    server.closeAllConnections();
    server.close(() => parentPort?.postMessage({ id: message.id }));
  }
});
server.listen(0, "127.0.0.1", () => parentPort?.postMessage({ port: server.address().port }));
