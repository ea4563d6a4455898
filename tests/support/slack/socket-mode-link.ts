/**
 * Slack's side of Socket Mode: the WebSocket behind the URL apps.connections.open hands out.
 * A connection opens with a one-time ticket and is greeted with `hello`; the fake then pushes
 * envelopes (`events_api`, `slash_commands`, `interactive`) to the newest open connection and
 * records the client's acks (`{ envelope_id, payload? }`) with the time they came; a
 * `disconnect` message asks the client to reconnect, as Slack does before it recycles a
 * server. Slack would redeliver an envelope not acked in time; the fake leaves that to the
 * test, which pushes again with `retry_attempt`.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Waiters } from "./call-waiters.js";
import type { FakeSlackState } from "./fake-slack-state.js";
import { isRecord } from "./narrow.js";
import {
  acceptWebSocket,
  CLOSE_GOING_AWAY,
  refuseUpgrade,
  type WebSocketConnection,
} from "./socket-mode-server.js";

/** What Slack wraps each delivery in on the socket. */
export interface SocketModeEnvelope {
  envelope_id: string;
  type: "events_api" | "slash_commands" | "interactive";
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  /** events_api only: how many times Slack tried before, and why. */
  retry_attempt?: number;
  retry_reason?: string;
}

/** One WebSocket connection an app opened, as the fake saw it. */
export interface SocketModeConnectionRecord {
  /** 1, 2, … in the order they opened. */
  id: number;
  openedAt: number;
  closedAt?: number;
  /** The close code the client sent, if it closed with a close frame. */
  closeCode?: number;
}

/** The client's acknowledgement of one envelope. */
export interface SocketModeAck {
  envelopeId: string;
  connectionId: number;
  /** When it arrived (epoch ms). */
  at: number;
  /** The response payload, if the ack carried one (a slash command's reply, response_action…). */
  payload?: Record<string, unknown>;
}

export interface PushedEnvelope {
  envelope: SocketModeEnvelope;
  connectionId: number;
  sentAt: number;
}

interface LiveConnection {
  record: SocketModeConnectionRecord;
  socket: WebSocketConnection;
}

export class SocketModeLink {
  private readonly records: SocketModeConnectionRecord[] = [];
  private readonly live = new Map<number, LiveConnection>();
  private readonly received: SocketModeAck[] = [];
  private readonly pushed: PushedEnvelope[] = [];
  /** What the client sent that is not an ack (it should send nothing else). */
  readonly unexpected: string[] = [];

  constructor(
    private readonly state: FakeSlackState,
    private readonly waiters: Waiters,
  ) {}

  /** Every connection so far, closed ones included, oldest first. */
  connections(): SocketModeConnectionRecord[] {
    return this.records.map((record) => ({ ...record }));
  }

  openConnections(): SocketModeConnectionRecord[] {
    return [...this.live.values()].map(({ record }) => ({ ...record }));
  }

  acks(): SocketModeAck[] {
    return [...this.received];
  }

  envelopes(): PushedEnvelope[] {
    return [...this.pushed];
  }

  /** The first connection with an id above `after` (0: any), open now or once it opens. */
  waitForConnection(
    options: { after?: number; timeoutMs?: number } = {},
  ): Promise<SocketModeConnectionRecord> {
    const { after = 0, timeoutMs = 15_000 } = options;
    return this.waiters.waitFor(
      () => this.records.find((record) => record.id > after),
      timeoutMs,
      `a Socket Mode connection after #${after}`,
      () => this.describe(),
    );
  }

  /**
   * Sends `envelope` on the newest open connection (waiting for one if none is open) and
   * resolves with the client's ack.
   */
  async push(envelope: SocketModeEnvelope, timeoutMs = 10_000): Promise<SocketModeAck> {
    const until = Date.now() + timeoutMs;
    const target = await this.waiters.waitFor(
      () => [...this.live.values()].at(-1),
      timeoutMs,
      "an open Socket Mode connection",
      () => this.describe(),
    );
    target.socket.send(JSON.stringify(envelope));
    this.pushed.push({ envelope, connectionId: target.record.id, sentAt: Date.now() });
    return this.waitForAck(envelope.envelope_id, Math.max(0, until - Date.now()));
  }

  waitForAck(envelopeId: string, timeoutMs = 10_000): Promise<SocketModeAck> {
    return this.waiters.waitFor(
      () => this.received.find((ack) => ack.envelopeId === envelopeId),
      timeoutMs,
      `the ack of envelope ${envelopeId}`,
      () => this.describe(),
    );
  }

  /** Slack's request to reconnect (`refresh_requested`, also `link_disabled`…) on every open connection. */
  disconnect(reason = "refresh_requested"): number {
    const message = JSON.stringify({
      type: "disconnect",
      reason,
      debug_info: { host: "applink-fake" },
    });
    for (const { socket } of this.live.values()) socket.send(message);
    return this.live.size;
  }

  /** Drops every connection without a word, as a network failure would. */
  dropAll(): void {
    for (const { socket } of this.live.values()) socket.terminate();
  }

  /** Answers the HTTP upgrade for /link/?ticket=…; anything else is refused. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? "/", this.state.origin);
    if (url.pathname !== "/link/") {
      refuseUpgrade(socket, 404, "Not Found");
      return;
    }
    if (!this.state.spendSocketTicket(url.searchParams.get("ticket") ?? "")) {
      refuseUpgrade(socket, 401, "Unauthorized");
      return;
    }
    const record: SocketModeConnectionRecord = { id: this.records.length + 1, openedAt: 0 };
    const connection = acceptWebSocket(request, socket, head, {
      message: (text) => this.receive(record.id, text),
      close: (code) => {
        record.closedAt = Date.now();
        if (code !== undefined) record.closeCode = code;
        this.live.delete(record.id);
        this.waiters.notify();
      },
    });
    if (!connection) return;
    record.openedAt = Date.now();
    this.records.push(record);
    this.live.set(record.id, { record, socket: connection });
    connection.send(
      JSON.stringify({
        type: "hello",
        num_connections: this.live.size,
        debug_info: {
          host: "applink-fake",
          build_number: 1,
          approximate_connection_time: 18_060,
        },
        connection_info: { app_id: this.state.appId },
      }),
    );
    this.waiters.notify();
  }

  /** Closes every connection as a server going away (1001). */
  close(): void {
    for (const { socket } of this.live.values()) {
      socket.close(CLOSE_GOING_AWAY);
      socket.terminate();
    }
    this.live.clear();
  }

  private receive(connectionId: number, text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!isRecord(parsed) || typeof parsed.envelope_id !== "string") {
      this.unexpected.push(text);
      return;
    }
    this.received.push({
      envelopeId: parsed.envelope_id,
      connectionId,
      at: Date.now(),
      ...(isRecord(parsed.payload) ? { payload: parsed.payload } : {}),
    });
    this.waiters.notify();
  }

  private describe(): string {
    const connections = this.records
      .map((r) => `#${r.id}${r.closedAt ? " (closed)" : ""}`)
      .join(", ");
    return `connections: ${connections || "none"}; acks: ${this.received.length}`;
  }
}
