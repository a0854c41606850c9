/** The `memory` of a blueprint role: which namespaces its agents read and write, and what the llm runtime does with them. */
import { z } from "zod";
import { GLOBAL_PREFIX, NAMESPACE_HINT, NAMESPACE_NAME } from "../domain/memory/names";
import { strict } from "./blueprint-parts";

const namespaceRef = z
  .string()
  .refine(
    (text) => NAMESPACE_NAME.test(text.startsWith(GLOBAL_PREFIX) ? text.slice(GLOBAL_PREFIX.length) : text),
    `a namespace is ${NAMESPACE_HINT}; "global:<name>" names one shared by every cluster`,
  );

export const roleMemorySchema = strict({
  namespace: namespaceRef
    .optional()
    .describe(
      'The namespace this role writes to and searches first (default "shared": one namespace every agent of the cluster shares). "global:<name>" is shared by every cluster.',
    ),
  read: z.array(namespaceRef).max(20).optional().describe("More namespaces this role may read."),
  write: z.array(namespaceRef).max(20).optional().describe("More namespaces this role may write (and read)."),
  recall_tokens: z
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe(
      "llm runtime: put the documents most relevant to each task into the prompt, up to about this many tokens. Off when absent.",
    ),
  store_answers: z
    .boolean()
    .optional()
    .describe("llm runtime: store each answer as a document in the role's namespace (tagged with the role)."),
}).describe("Shared memory: the namespaces this role's agents may read and write (see README, Shared memory).");
export type RoleMemory = z.infer<typeof roleMemorySchema>;
