/**
 * The server half of RFC 6455, as small as a loopback test needs: the opening handshake on an
 * HTTP upgrade, masked client frames (text, binary, continuation), ping answered with pong,
 * the close handshake, and unmasked text frames back. No extensions (the client's
 * permessage-deflate offer is declined by not answering it) and no subprotocols. Nothing in
 * node_modules serves WebSockets (`ws` is not installed; undici has only the client).
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

const HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa };

/** Close codes the fake uses: normal, going away (the server shuts down), protocol error. */
export const CLOSE_NORMAL = 1000;
export const CLOSE_GOING_AWAY = 1001;
const CLOSE_PROTOCOL_ERROR = 1002;

export interface WebSocketListeners {
  message?: (text: string) => void;
  pong?: (data: Buffer) => void;
  /** Once, when the TCP connection is gone; `code` is the peer's close code if it sent one. */
  close?: (code: number | undefined) => void;
}

/** One accepted WebSocket connection. */
export class WebSocketConnection {
  /** True from the handshake until a close frame was sent or received. */
  open = true;
  private buffered = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;
  private closeCode: number | undefined;
  private ended = false;

  constructor(
    private readonly socket: Duplex,
    private readonly listeners: WebSocketListeners,
  ) {
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      this.open = false;
      if (this.ended) return;
      this.ended = true;
      this.listeners.close?.(this.closeCode);
    });
  }

  send(text: string): void {
    if (this.open) this.socket.write(frame(OPCODE.text, Buffer.from(text, "utf8")));
  }

  ping(data: Buffer = Buffer.alloc(0)): void {
    if (this.open) this.socket.write(frame(OPCODE.ping, data));
  }

  /** Starts the close handshake; the peer answers with its close frame, then we end. */
  close(code = CLOSE_NORMAL, reason = ""): void {
    if (!this.open) return;
    this.open = false;
    this.socket.write(frame(OPCODE.close, closeBody(code, reason)));
  }

  /** Drops the TCP connection without a close frame, as a crashed or unplugged peer would. */
  terminate(): void {
    this.open = false;
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const parsed = parseFrame(this.buffered);
      if (!parsed) return;
      this.buffered = this.buffered.subarray(parsed.length);
      if (!parsed.masked) {
        // A client must mask every frame (RFC 6455 §5.1).
        this.fail();
        return;
      }
      this.handle(parsed.opcode, parsed.fin, parsed.payload);
    }
  }

  private handle(opcode: number, fin: boolean, payload: Buffer): void {
    if (opcode === OPCODE.ping) {
      if (this.open) this.socket.write(frame(OPCODE.pong, payload));
      return;
    }
    if (opcode === OPCODE.pong) {
      this.listeners.pong?.(payload);
      return;
    }
    if (opcode === OPCODE.close) {
      this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : undefined;
      // Answer a close we did not start, then end: the server closes the TCP connection.
      if (this.open) this.socket.write(frame(OPCODE.close, payload.subarray(0, 2)));
      this.open = false;
      this.socket.end();
      return;
    }
    if (opcode === OPCODE.text || opcode === OPCODE.binary) {
      this.fragmentOpcode = opcode;
      this.fragments = [payload];
    } else if (opcode === OPCODE.continuation) {
      this.fragments.push(payload);
    } else {
      this.fail();
      return;
    }
    if (!fin) return;
    const message = Buffer.concat(this.fragments);
    this.fragments = [];
    if (this.fragmentOpcode === OPCODE.text) this.listeners.message?.(message.toString("utf8"));
  }

  private fail(): void {
    this.close(CLOSE_PROTOCOL_ERROR);
    this.socket.end();
  }
}

/**
 * Completes the opening handshake of an HTTP upgrade and returns the connection, or answers
 * 400 and returns undefined when the request is not a WebSocket handshake.
 */
export function acceptWebSocket(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  listeners: WebSocketListeners,
): WebSocketConnection | undefined {
  const key = request.headers["sec-websocket-key"];
  const upgrade = request.headers.upgrade?.toLowerCase();
  if (typeof key !== "string" || upgrade !== "websocket") {
    refuseUpgrade(socket, 400, "Bad Request");
    return undefined;
  }
  const accept = createHash("sha1").update(`${key}${HANDSHAKE_GUID}`).digest("base64");
  socket.write(
    [
      "HTTP/1.1 101 Switching Protocols",
      "Upgrade: websocket",
      "Connection: Upgrade",
      `Sec-WebSocket-Accept: ${accept}`,
      "",
      "",
    ].join("\r\n"),
  );
  const connection = new WebSocketConnection(socket, listeners);
  // Bytes the client sent right behind its handshake arrive with the upgrade, not as data.
  if (head.length > 0) socket.unshift(head);
  return connection;
}

/** Answers an upgrade request with a plain HTTP error and closes the connection. */
export function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
  );
}

interface ParsedFrame {
  fin: boolean;
  opcode: number;
  masked: boolean;
  payload: Buffer;
  /** Bytes the frame took in the buffer. */
  length: number;
}

/** One frame from the front of `buffer`, or undefined while it is incomplete. */
function parseFrame(buffer: Buffer): ParsedFrame | undefined {
  if (buffer.length < 2) return undefined;
  const first = buffer.readUInt8(0);
  const second = buffer.readUInt8(1);
  const masked = (second & 0x80) !== 0;
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLength = masked ? 4 : 0;
  if (buffer.length < offset + maskLength + length) return undefined;
  const mask = buffer.subarray(offset, offset + maskLength);
  const payload = Buffer.from(buffer.subarray(offset + maskLength, offset + maskLength + length));
  if (masked) {
    for (let i = 0; i < payload.length; i += 1) {
      payload.writeUInt8((payload.readUInt8(i) ^ (mask[i % 4] ?? 0)) & 0xff, i);
    }
  }
  return {
    fin: (first & 0x80) !== 0,
    opcode: first & 0x0f,
    masked,
    payload,
    length: offset + maskLength + length,
  };
}

/** A server frame: final, unmasked (servers never mask, RFC 6455 §5.1). */
function frame(opcode: number, payload: Buffer): Buffer {
  let header: Buffer;
  if (payload.length < 126) {
    header = Buffer.from([0x80 | opcode, payload.length]);
  } else if (payload.length < 0x10000) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(126, 1);
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(127, 1);
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  return Buffer.concat([header, payload]);
}

function closeBody(code: number, reason: string): Buffer {
  const body = Buffer.alloc(2 + Buffer.byteLength(reason));
  body.writeUInt16BE(code, 0);
  body.write(reason, 2);
  return body;
}
