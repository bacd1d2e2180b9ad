import type { RowSchema } from "./row-schema.ts";

/**
 * A conversation dataset: a unique `conversation_id`, the `conversation` transcript and the
 * `company` (may be blank or missing; preprocessing drops those rows and says so).
 */
export const conversationSchema: RowSchema = {
  fields: {
    conversation_id: { kind: "id" },
    conversation: { kind: "string" },
    company: { kind: "string", required: false },
  },
  uniqueField: "conversation_id",
};
