import { describe, expect, it } from "vitest";
import { tsqueryOperand } from "./tsquery";

describe("tsquery text", () => {
  it("quotes a lexeme so that tsquery reads it back as written", () => {
    expect(tsqueryOperand("churn")).toBe("'churn'");
    expect(tsqueryOperand("o'neil")).toBe("'o''neil'");
    expect(tsqueryOperand("a\\b")).toBe("'a\\\\b'");
    // Operators inside quotes are text, not operators.
    expect(tsqueryOperand("a|b & !c")).toBe("'a|b & !c'");
  });
});
