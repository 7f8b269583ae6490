// Text → evidence: structured documents first (JSON/YAML), then the line scanner; then facts any rule may use.
import type { Evidence } from '../model/evidence.js';
import { parseStructured } from './structured.js';
import { ASSIGNED, addFact, parseText } from './text.js';

const IMAGE_IN_MESSAGE = /(?:[Pp]ulling|pull|Back-off pulling|[Cc]ontainer) image "(?<image>[^"\s]+)"/;

export function parse(normalisedText: string): Evidence {
  const evidence = parseStructured(normalisedText) ?? parseText(normalisedText);
  for (const pod of evidence.objects) {
    addFact(evidence, 'pod', pod.name || undefined);
    addFact(evidence, 'namespace', pod.namespace);
    addFact(evidence, 'node', pod.node);
    for (const c of pod.containers) addFact(evidence, 'image', c.image);
  }
  for (const e of evidence.events) {
    const assigned = ASSIGNED.exec(e.message);
    if (assigned) {
      addFact(evidence, 'node', assigned.groups!.node);
      addFact(evidence, 'namespace', assigned.groups!.ns);
      addFact(evidence, 'pod', assigned.groups!.pod);
    }
    addFact(evidence, 'node', e.node);
    if (e.object?.kind === 'Pod') addFact(evidence, 'pod', e.object.name || undefined);
    addFact(evidence, 'namespace', e.object?.namespace);
    addFact(evidence, 'image', IMAGE_IN_MESSAGE.exec(e.message)?.groups?.image);
  }
  for (const l of evidence.lines) addFact(evidence, 'image', IMAGE_IN_MESSAGE.exec(l.text)?.groups?.image);
  return evidence;
}
