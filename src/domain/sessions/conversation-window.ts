/**
 * What of a stored conversation is sent with the next prompt: the newest messages that fit the
 * window (a message count and an estimated token cap); what falls out is summarised in one
 * system message, so a long conversation keeps its gist instead of silently losing its start.
 */

export interface ConversationMessage {
  role: "user" | "assistant";
  content: string;
}

export interface ConversationWindow {
  messages: ConversationMessage[];
  /** A system message about the turns left out, when any were. */
  summary?: string;
}

/** About four characters a token for English text and code: a cap, not a bill. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

const SUMMARY_LINE_CHARS = 160;
const SUMMARY_MAX_CHARS = 2000;

export function conversationWindow(
  history: readonly ConversationMessage[],
  limits: { maxMessages: number; maxTokens: number },
): ConversationWindow {
  const kept: ConversationMessage[] = [];
  let tokens = 0;
  for (let i = history.length - 1; i >= 0 && kept.length < limits.maxMessages; i--) {
    const message = history[i]!;
    const cost = estimateTokens(message.content);
    if (tokens + cost > limits.maxTokens) break;
    tokens += cost;
    kept.unshift(message);
  }
  // A window never starts with an answer whose question was cut.
  while (kept[0]?.role === "assistant") kept.shift();
  const dropped = history.slice(0, history.length - kept.length);
  return dropped.length ? { messages: kept, summary: summarise(dropped) } : { messages: kept };
}

function summarise(dropped: readonly ConversationMessage[]): string {
  const lines = dropped.map((m) => {
    const flat = m.content.replace(/\s+/g, " ").trim();
    return `- ${m.role}: ${flat.length > SUMMARY_LINE_CHARS ? `${flat.slice(0, SUMMARY_LINE_CHARS)}…` : flat}`;
  });
  let text = `Earlier in this conversation (${dropped.length} messages, shortened):\n`;
  // The newest of the dropped turns matter most: keep those when the summary is too long.
  const tail: string[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    if (text.length + lines[i]!.length + tail.join("\n").length > SUMMARY_MAX_CHARS) {
      text += `- (${i + 1} older messages left out)\n`;
      break;
    }
    tail.unshift(lines[i]!);
  }
  return text + tail.join("\n");
}
