/** What a task asks, as text: shared by the agents (what they write to a tool) and the server (what a transcript records). */

/** The text a tool or model is asked: a string payload, or its prompt/input field, else the JSON. */
export function promptOf(payload: unknown): string {
  if (typeof payload === "string") return payload;
  if (payload && typeof payload === "object") {
    for (const field of ["prompt", "input", "description", "text"]) {
      const value = (payload as Record<string, unknown>)[field];
      if (typeof value === "string") return value;
    }
  }
  return JSON.stringify(payload ?? null);
}
