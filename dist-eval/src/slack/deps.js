import { TtlMap } from './memory.js';
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
export function makeServices(deps) {
    return {
        kb: deps.kb,
        defaultLang: deps.defaultLang ?? 'en',
        command: deps.command ?? '/kube-doctor',
        maxFileBytes: deps.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
        liveLookup: deps.liveLookup,
        answerQuestion: deps.answerQuestion,
        onFeedback: deps.onFeedback,
        observer: deps.observer,
        reports: new TtlMap(60 * 60 * 1000, 5000),
        claimed: new TtlMap(15 * 60 * 1000, 20000),
    };
}
