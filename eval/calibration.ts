// A calibration table: of the answers shown at a given confidence, how many were right. A confidence means what
// it says when each row's accuracy is close to its confidence range.
export interface Scored {
  confidence: number;
  correct: boolean;
}

export interface CalibrationRow {
  from: number;
  to: number;
  count: number;
  correct: number;
}

export function calibrationTable(items: Scored[], edges = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]): CalibrationRow[] {
  const rows = edges.slice(0, -1).map((from, i) => ({ from, to: Math.min(1, edges[i + 1]), count: 0, correct: 0 }));
  for (const it of items) {
    const row = rows.find((r, i) => it.confidence >= r.from && it.confidence < edges[i + 1]);
    if (!row) continue;
    row.count++;
    if (it.correct) row.correct++;
  }
  return rows;
}

export function formatCalibration(rows: CalibrationRow[]): string {
  const lines = ['  confidence    shown  right  accuracy'];
  for (const r of rows) {
    const acc = r.count ? `${((100 * r.correct) / r.count).toFixed(0)}%` : '-';
    lines.push(`  ${r.from.toFixed(2)}-${r.to.toFixed(2)}  ${String(r.count).padStart(7)}  ${String(r.correct).padStart(5)}  ${acc.padStart(8)}`);
  }
  return lines.join('\n');
}
