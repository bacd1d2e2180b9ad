import { ChatAdapter } from "../adapter/chat-adapter.ts";
import { JSONAdapter } from "../adapter/json-adapter.ts";
import type { Adapter } from "../adapter/types.ts";

/**
 * The adapter saved program state names (`"json"` or `"chat"`).
 *
 * @example
 * adapterNamed(state.adapter ?? "json").format(signature, demos, inputs);
 */
export function adapterNamed(name: Adapter["name"]): Adapter {
  return name === "chat" ? new ChatAdapter() : new JSONAdapter();
}
