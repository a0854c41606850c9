/**
 * The builtin `remember` and `recall` behaviours: an agent that stores what it is given and one
 * that finds it again, with no tool or model. A task's payload may name a `namespace` (delegated
 * tasks carry their parent's payload, so a supervisor can point its subtree at one); the server
 * allows only the namespaces the role was given.
 *
 * remember: `{ key, value }` writes a value; `{ key, add }` adds to a number with compare-and-set
 * retries; anything else stores the prompt as a document (payload `title`, `tags` optional).
 * recall: `{ key }` reads a value; anything else searches documents for the prompt.
 */
import { type MemoryClient, updateValue } from "../memory-client";
import { PermanentTaskError, promptOf, type RuntimeTask } from "./runtime";

type Payload = Record<string, unknown>;

const asPayload = (payload: unknown): Payload =>
  payload && typeof payload === "object" && !Array.isArray(payload) ? (payload as Payload) : {};

/** The namespace a task names, if it names one. */
export function namespaceOf(payload: unknown): string | undefined {
  const named = asPayload(payload).namespace;
  return typeof named === "string" ? named : undefined;
}

export async function remember(memory: MemoryClient, task: RuntimeTask, agentKey: string) {
  const payload = asPayload(task.payload);
  const namespace = namespaceOf(task.payload);
  if (typeof payload.key === "string" && typeof payload.add === "number") {
    const add = payload.add;
    const updated = await updateValue(
      memory,
      payload.key,
      (current) => {
        if (current !== undefined && typeof current !== "number")
          throw new PermanentTaskError(`"${payload.key}" holds ${typeof current}, not a number`);
        return (current ?? 0) + add;
      },
      { namespace },
    );
    return { key: payload.key, ...updated };
  }
  if (typeof payload.key === "string" && "value" in payload) {
    const written = await memory.put(payload.key, payload.value, { namespace });
    return { key: payload.key, version: written.version };
  }
  const tags = Array.isArray(payload.tags) ? payload.tags.filter((t): t is string => typeof t === "string") : [];
  const stored = await memory.remember(promptOf(task.payload), {
    namespace,
    title: typeof payload.title === "string" ? payload.title : "",
    tags,
    metadata: { agent: agentKey, taskType: task.type },
  });
  return { stored: stored.id };
}

export async function recall(memory: MemoryClient, task: RuntimeTask) {
  const payload = asPayload(task.payload);
  const namespace = namespaceOf(task.payload);
  if (typeof payload.key === "string") {
    const found = await memory.get(payload.key, namespace);
    return { key: payload.key, value: found.value, version: found.version };
  }
  const hits = await memory.search(promptOf(task.payload), { namespace, limit: 5 });
  return {
    found: hits.length,
    answer: hits.map((hit) => hit.document.text).join("\n\n"),
    hits: hits.map((hit) => ({
      id: hit.document.id,
      title: hit.document.title,
      score: hit.score,
      by: hit.document.createdBy,
    })),
  };
}
