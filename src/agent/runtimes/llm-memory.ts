/**
 * Shared memory around an llm call, opt-in per role (blueprint `memory.recall_tokens`,
 * `memory.store_answers`): the documents most relevant to the prompt go into the conversation as
 * notes, within a token budget; the answer is stored as a document for the next agent to find.
 * Memory being unreachable does not fail the task: the result says what happened instead.
 */
import { fitToBudget } from "../../domain/memory/ranking";
import type { RuntimeMemory } from "./index";

export async function recallNotes(memory: RuntimeMemory | undefined, prompt: string, namespace: string | undefined) {
  const budget = memory?.role?.recall_tokens;
  if (!memory || !budget) return { notes: null, report: {} };
  try {
    const hits = await memory.client.search(prompt, { namespace, limit: 10 });
    const chosen = fitToBudget(
      hits.map((hit) => ({ id: hit.document.id, title: hit.document.title, text: hit.document.text })),
      budget,
    );
    if (!chosen.length) return { notes: null, report: { recalled: [] as string[] } };
    const notes = chosen
      .map((doc, i) => `[${i + 1}] ${doc.title ? `${doc.title}: ` : ""}${doc.text}${doc.cut ? " …" : ""}`)
      .join("\n");
    return {
      notes: `Notes from the team's shared memory that may help (cite them where you use them):\n${notes}`,
      report: { recalled: chosen.map((doc) => doc.id) },
    };
  } catch (error) {
    return { notes: null, report: { recallError: (error as Error).message } };
  }
}

export async function storeAnswer(
  memory: RuntimeMemory | undefined,
  answer: { prompt: string; content: string; namespace: string | undefined; agent: string; role: string },
) {
  if (!memory?.role?.store_answers) return {};
  try {
    const stored = await memory.client.remember(answer.content, {
      namespace: answer.namespace,
      title: answer.prompt.slice(0, 200),
      tags: [answer.role],
      metadata: { agent: answer.agent, prompt: answer.prompt.slice(0, 2000) },
    });
    return { stored: stored.id };
  } catch (error) {
    return { storeError: (error as Error).message };
  }
}
