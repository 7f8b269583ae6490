// The reports behind a reply's buttons (Show evidence, Share in channel), kept for an hour in the shared state, so a
// click served by another replica still finds its report. Only the redacted diagnosis is kept, never the paste.
import type { Diagnosis } from '../diagnose/diagnose.js';
import type { Lang } from '../model/lang.js';
import type { SharedState } from '../state/state.js';

export interface StoredReport {
  diagnosis: Diagnosis;
  lang: Lang;
}

const REPORT_TTL_MS = 60 * 60 * 1000;
/** A larger report is not kept (its buttons then say it expired) rather than crowd a shared store. */
const MAX_REPORT_CHARS = 256 * 1024;

export async function keepReport(state: SharedState, id: string, report: StoredReport): Promise<void> {
  const json = JSON.stringify(report);
  if (json.length <= MAX_REPORT_CHARS) await state.put(`report:${id}`, json, REPORT_TTL_MS);
}

export async function findReport(state: SharedState, id: string | undefined): Promise<StoredReport | undefined> {
  const json = id ? await state.get(`report:${id}`) : undefined;
  if (!json) return undefined;
  try {
    return JSON.parse(json) as StoredReport;
  } catch {
    return undefined; // not ours: treated as expired
  }
}
