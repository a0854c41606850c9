/**
 * One ranked list from the two ways memory finds documents: full-text search (ts_rank_cd, with
 * the namespace's language: stems and stop words) and the words near the query's (pg_trgm
 * similarity of the closest word a document holds: typos and other forms). Each list is normalised to 0..1 by its own best hit, then weighted and summed,
 * so a document both find rises above one only one finds.
 */

export interface Hit {
  id: string;
  score: number;
}

export interface RankedHit {
  id: string;
  score: number;
  fullText: number;
  similarity: number;
}

export const FULL_TEXT_WEIGHT = 0.7;
export const SIMILARITY_WEIGHT = 0.3;

export function mergeRankings(fullText: readonly Hit[], similarity: readonly Hit[], limit: number): RankedHit[] {
  const byId = new Map<string, RankedHit>();
  const best = (hits: readonly Hit[]) => Math.max(0, ...hits.map((h) => h.score));
  const topFullText = best(fullText);
  const topSimilarity = best(similarity);
  const entry = (id: string) => {
    let found = byId.get(id);
    if (!found) {
      found = { id, score: 0, fullText: 0, similarity: 0 };
      byId.set(id, found);
    }
    return found;
  };
  for (const hit of fullText) entry(hit.id).fullText = topFullText > 0 ? hit.score / topFullText : 0;
  // Similarity is already 0..1 (pg_trgm's similarity); normalising it would lift a poor best match to 1.
  for (const hit of similarity) entry(hit.id).similarity = topSimilarity > 0 ? hit.score : 0;
  for (const hit of byId.values()) hit.score = FULL_TEXT_WEIGHT * hit.fullText + SIMILARITY_WEIGHT * hit.similarity;
  return [...byId.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
}

/**
 * The documents that fit a prompt's token budget, best first, at about four characters a token
 * (the usual figure for English with OpenAI-style tokenizers); one that does not fit is cut.
 */
export function fitToBudget<T extends { text: string }>(
  ranked: readonly T[],
  tokenBudget: number,
): Array<T & { cut: boolean }> {
  let left = tokenBudget * 4;
  const chosen: Array<T & { cut: boolean }> = [];
  for (const doc of ranked) {
    if (left <= 0) break;
    if (doc.text.length <= left) {
      chosen.push({ ...doc, cut: false });
      left -= doc.text.length;
    } else {
      chosen.push({ ...doc, text: doc.text.slice(0, left), cut: true });
      left = 0;
    }
  }
  return chosen;
}
