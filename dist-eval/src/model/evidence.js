// The one evidence model every input format is parsed into, and the flat signals rules match against.
export const emptyEvidence = (kind = 'text') => ({ kind, objects: [], events: [], lines: [], facts: {} });
