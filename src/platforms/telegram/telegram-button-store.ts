import type { Incoming } from "../../core/incoming.js";
import { isButtonKey } from "./callback-data.js";

/** A button's data kept under the key its Telegram button carries (see `buttonKeyOf`). */
export interface TelegramButtonRow {
  key: string;
  data: string;
}

/**
 * Where the Telegram adapter keeps button data too long for `callback_data`: saved before the
 * message that shows the buttons is sent, looked up when one is tapped. An interface, so the
 * adapter is tested without a database; `createPrismaTelegramButtonStore` is the real one.
 */
export interface TelegramButtonStore {
  /** Keeps the rows; saving a key again is not an error (the same data, the same key). */
  save(rows: readonly TelegramButtonRow[]): Promise<void>;
  /** The data kept under `key`, or undefined when it was never saved or was cleaned up. */
  resolve(key: string): Promise<string | undefined>;
}

/**
 * The update with a tapped key replaced by the data it stands for. A key the store does not
 * know (cleaned up, or no store) is passed on as it is: the core answers it as an expired
 * button, as it does any data it cannot read.
 */
export async function withStoredButtonData(
  incoming: Incoming,
  store: TelegramButtonStore | undefined,
): Promise<Incoming> {
  const { content } = incoming;
  if (content.kind !== "choice" || !store || !isButtonKey(content.data)) return incoming;
  const data = await store.resolve(content.data);
  return data === undefined ? incoming : { ...incoming, content: { kind: "choice", data } };
}
