export const WEIGHTS = { bias: -1.2, logScore: 0.9, margin: 2.5, strong: 1.0 };
export function features(f) {
    return [1, Math.log(Math.max(f.score, 1)), f.margin, f.strong ? 1 : 0];
}
export function questionConfidence(f, w = WEIGHTS) {
    const [b, ls, m, s] = features(f);
    const z = w.bias * b + w.logScore * ls + w.margin * m + w.strong * s;
    return Math.min(0.95, 1 / (1 + Math.exp(-z)));
}
