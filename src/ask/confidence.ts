// The confidence of an answer to a question: the probability that its first finding is the failure asked
// about, from how well the best rule matched, how far ahead of the next kind of failure it is, and whether the
// question used Kubernetes's own words (a status, a technical phrase, an exit code). A logistic model whose
// weights were fitted on the tuning part of the question corpus (`npm run eval -- --fit`); `npm run eval`
// prints how well it is calibrated on both parts.
export interface QuestionFeatures {
  /** The best rule's score (BM25 with the name boost). */
  score: number;
  /** 1 - runner-up score / best score, the runner-up being the best rule of another category. */
  margin: number;
  strong: boolean;
}

/** bias, log(score), margin, strong. */
export const WEIGHTS: number[] = [1.67, 0.2, 1.62, -0.46];

export function featureVector(f: QuestionFeatures): number[] {
  return [1, Math.log(Math.max(f.score, 1)), f.margin, f.strong ? 1 : 0];
}

export function logistic(x: number[], w: number[]): number {
  return 1 / (1 + Math.exp(-x.reduce((s, v, i) => s + v * w[i], 0)));
}

/** Never certain: a question is words, not evidence. */
const MAX_CONFIDENCE = 0.95;

export function questionConfidence(f: QuestionFeatures, w = WEIGHTS): number {
  return Math.min(MAX_CONFIDENCE, logistic(featureVector(f), w));
}
