/**
 * How the gateway names what it posted, for the outbox to store and hand back to `editPart`:
 * a message is `<channel>:<ts>` (the channel Slack answered with, which for a user id is the
 * DM's, so an edit reaches the message wherever it was posted from); a file is
 * `file:<file id>`, which nothing can edit.
 */
export type SlackMessageRef =
  | { kind: "message"; channel: string; ts: string }
  | { kind: "file"; fileId: string };

const MESSAGE_ID = /^([A-Z0-9]{2,30}):(\d{1,20}\.\d{1,10})$/;
const FILE_ID = /^file:(.+)$/;

export function messageRefId(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

export function fileRefId(fileId: string): string {
  return `file:${fileId}`;
}

/** The message or file `id` names, or undefined for an id the gateway never gave. */
export function parseSlackMessageId(id: string): SlackMessageRef | undefined {
  const file = FILE_ID.exec(id);
  if (file?.[1]) return { kind: "file", fileId: file[1] };
  const message = MESSAGE_ID.exec(id);
  if (message?.[1] && message[2]) return { kind: "message", channel: message[1], ts: message[2] };
  return undefined;
}
