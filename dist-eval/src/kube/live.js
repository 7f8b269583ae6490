import { connect, kubeConfigured, KubeNotConfiguredError } from './client.js';
import { LiveConfigError, readLiveConfig } from './config.js';
import { lookupPod } from './lookup.js';
/**
 * The Slack bot's live lookup, or undefined when no cluster is configured (KUBECONFIG unset, not in a cluster,
 * and no KUBE_LIVE=on for ~/.kube/config): the bot then says what to paste instead.
 * Throws LiveConfigError for settings that are present but wrong (a bad ALLOWED_NAMESPACES, an unknown context).
 */
export function createLiveLookup(options) {
    const env = options.env ?? process.env;
    const config = options.config ?? readLiveConfig(env);
    if (!options.reader && !kubeConfigured(config, env))
        return undefined;
    let reader;
    try {
        reader = options.reader ?? connect(config, env);
    }
    catch (e) {
        if (e instanceof KubeNotConfiguredError) {
            if (e.missing)
                return undefined;
            throw new LiveConfigError(e.message);
        }
        throw e;
    }
    return async (pod, ctx) => {
        const result = await lookupPod(pod, { channel: ctx.channelId, user: ctx.userId }, { kb: typeof options.kb === 'function' ? options.kb() : options.kb, config, reader, lang: ctx.lang });
        return result.kind === 'diagnosis' ? result : { kind: 'message', text: result.text };
    };
}
