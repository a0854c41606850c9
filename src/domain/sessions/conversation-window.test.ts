import { describe, expect, it } from "vitest";
import { type ConversationMessage, conversationWindow } from "./conversation-window";

const turns = (n: number): ConversationMessage[] =>
  Array.from({ length: n * 2 }, (_, i) => ({
    role: i % 2 === 0 ? "user" : "assistant",
    content: i % 2 === 0 ? `question ${i / 2}` : `answer ${(i - 1) / 2}`,
  }));

describe("the conversation window", () => {
  it("sends the whole conversation while it fits", () => {
    expect(conversationWindow(turns(3), { maxMessages: 20, maxTokens: 1000 })).toEqual({ messages: turns(3) });
  });

  it("keeps the newest messages by count and summarises the rest", () => {
    const window = conversationWindow(turns(5), { maxMessages: 4, maxTokens: 1000 });
    expect(window.messages.map((m) => m.content)).toEqual(["question 3", "answer 3", "question 4", "answer 4"]);
    expect(window.summary).toContain("6 messages");
    expect(window.summary).toContain("- user: question 0");
    expect(window.summary).toContain("- assistant: answer 2");
  });

  it("keeps within the token cap and never starts with an answer whose question was cut", () => {
    const history: ConversationMessage[] = [
      { role: "user", content: "q".repeat(400) },
      { role: "assistant", content: "a".repeat(40) },
      { role: "user", content: "short" },
      { role: "assistant", content: "ok" },
    ];
    const window = conversationWindow(history, { maxMessages: 20, maxTokens: 20 });
    expect(window.messages).toEqual(history.slice(2));
    expect(window.summary).toContain("2 messages");
  });

  it("sends nothing of the past with a window of zero messages, but still says there was one", () => {
    const window = conversationWindow(turns(1), { maxMessages: 0, maxTokens: 1000 });
    expect(window.messages).toEqual([]);
    expect(window.summary).toContain("2 messages");
  });
});
