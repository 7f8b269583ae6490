// Building native regular expressions from word lists (lexicon data, token prefixes): never from a rule pattern,
// which the linear engine runs (rules/pattern.ts).

/** The text as a literal inside a pattern (also inside a character class). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Literal alternatives, the longest first (so that "CrashLoopBackOff" wins over "Crash"), empty ones dropped. */
export function alternation(words: Iterable<string>): string {
  return [...new Set([...words].filter(Boolean))]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegex)
    .join('|');
}
