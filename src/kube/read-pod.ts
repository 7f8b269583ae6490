// One pod, read as far as it is allowed and useful (its events; its node when the pod shows node trouble; the
// previous log of crashed containers when logs are on), turned into the same evidence as a paste and run through
// the same rules. What could not be read is a note, not a failure: the pod's own status still diagnoses.
import { type Diagnosis, diagnoseEvidence } from '../diagnose/diagnose.js';
import type { ObjectRef } from '../model/evidence.js';
import { toSignals } from '../parse/signals.js';
import { crashedContainers, nodeConditionLines, type PodSummary, podEvidence, summarisePod, suspectNode } from './evidence.js';
import type { Note, Run } from './outcome.js';
import { type Json, KubeReadError } from './reader.js';
import { ownerOf } from './target.js';

/** Crashed containers whose previous log is read, at most. */
const MAX_LOGS = 3;

export interface PodResult {
  diagnosis: Diagnosis;
  summary: PodSummary;
  notes: Note[];
  owner?: ObjectRef;
}

/** `read()`, or undefined and a note when the cluster said no (anything else is a bug and is thrown). */
async function optional<T>(read: () => Promise<T>, note: (error: KubeReadError) => Note, notes: Note[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof KubeReadError)) throw e;
    notes.push(note(e));
    return undefined;
  }
}

export async function diagnosePod(pod: Json, run: Run): Promise<PodResult> {
  const { reader, config } = run;
  const name: string = pod.metadata?.name;
  const namespace: string = pod.metadata?.namespace;
  const notes: Note[] = [];
  const events =
    (await optional(
      () => reader.listPodEvents(namespace, name, pod.metadata?.uid),
      (error) => ({ about: 'events', error }),
      notes,
    )) ?? [];
  const node: string | undefined = pod.spec?.nodeName;
  const nodeLines: string[] = [];
  if (config.readNodes && node && suspectNode(pod, events)) {
    const read = await optional(
      () => reader.readNode(node),
      (error) => ({ about: 'node', node, error }),
      notes,
    );
    if (read) nodeLines.push(...nodeConditionLines(read));
  }
  const logs: { container: string; text: string }[] = [];
  if (config.readLogs) {
    for (const container of crashedContainers(pod).slice(0, MAX_LOGS)) {
      const text = await optional(
        () => reader.readPreviousLog(namespace, name, container, config.logLines),
        (error) => ({ about: 'log', container, error }),
        notes,
      );
      if (text !== undefined) logs.push({ container, text });
    }
  }
  const owner = ownerOf(pod);
  const evidence = podEvidence(pod, events, { nodeLines, logs, owner });
  const diagnosis = diagnoseEvidence(evidence, toSignals(evidence), run.kb, { lang: run.lang });
  return { diagnosis, summary: summarisePod(pod), notes, owner };
}
