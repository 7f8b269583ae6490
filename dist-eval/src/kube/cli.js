import { LiveConfigError, readLiveConfig } from './config.js';
import { lookupPod } from './lookup.js';
export async function runPodLookup(words, opts, kb, env = process.env) {
    let config;
    try {
        // The CLI runs with the user's own credentials: any namespace unless ALLOWED_NAMESPACES says otherwise,
        // and ~/.kube/config like kubectl.
        config = readLiveConfig(env, { allowedNamespaces: '*', useHomeConfig: true });
    }
    catch (e) {
        if (e instanceof LiveConfigError)
            return { ok: false, message: e.message };
        throw e;
    }
    if (opts.context)
        config.context = opts.context;
    if (opts.kubeconfig)
        config.kubeconfig = opts.kubeconfig;
    if (opts.logs)
        config.readLogs = true;
    if (opts.timeout !== undefined) {
        const ms = Number(opts.timeout);
        if (!Number.isInteger(ms) || ms < 100 || ms > 120_000)
            return { ok: false, message: `--timeout ${opts.timeout}: give milliseconds from 100 to 120000` };
        config.timeoutMs = ms;
    }
    const text = words.join(' ') + (opts.namespace ? ` -n ${opts.namespace}` : '');
    const result = await lookupPod(text, {}, { kb, config, lang: opts.lang });
    return result.kind === 'diagnosis' ? { ok: true, diagnosis: result.diagnosis } : { ok: false, message: result.text, result };
}
