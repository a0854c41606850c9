/** What a task cost: its tokens at its model's price (US dollars per million tokens). */
export interface ModelPriceRate {
  inputPerMillion: number;
  outputPerMillion: number;
}

export function costOf(usage: { promptTokens: number; completionTokens: number }, price: ModelPriceRate): number {
  return (usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion) / 1_000_000;
}
