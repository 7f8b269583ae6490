import { appendFile } from 'node:fs/promises';
import { t } from '../../render/messages.js';
import { liveMessages } from '../answer.js';
import { ACTIONS, diagnosisMessages, evidenceMessages, noticeMessage } from '../blocks.js';
import { guarded, respondMessages } from '../deliver.js';
export function logFeedback(entry, logger) {
    logger.info(`feedback vote=${entry.vote} rule=${entry.rule} report=${entry.reportId} user=${entry.user}${entry.channel ? ` channel=${entry.channel}` : ''}`);
}
export function register(app, s, o = {}) {
    const langFor = (reportId) => (reportId && s.reports.get(reportId)?.lang) || s.defaultLang;
    for (const [actionId, vote] of [[ACTIONS.feedbackUp, 'up'], [ACTIONS.feedbackDown, 'down']]) {
        app.action(actionId, async ({ ack, body, action, respond, client, logger }) => {
            await ack();
            const [reportId = '', rule = 'unknown'] = (action.value ?? '').split('|');
            const lang = langFor(reportId);
            const target = { client, channel: body.channel?.id ?? body.user.id, user: body.user.id };
            await guarded('feedback', logger, lang, async () => {
                const entry = { at: new Date().toISOString(), vote, rule, reportId, user: body.user.id, ...(body.channel?.id && { channel: body.channel.id }) };
                logFeedback(entry, logger);
                if (o.feedbackLog)
                    await appendFile(o.feedbackLog, JSON.stringify(entry) + '\n');
                await s.onFeedback?.(entry);
                await respondMessages(respond, target, [noticeMessage(t(lang, 'feedbackThanks', { rule }))], logger);
            }, (msg) => respondMessages(respond, target, [msg], logger), s.observer);
        });
    }
    app.action(ACTIONS.showEvidence, async ({ ack, body, action, respond, client, logger }) => {
        await ack();
        const report = s.reports.get(action.value ?? '');
        const lang = langFor(action.value);
        const target = { client, channel: body.channel?.id ?? body.user.id, user: body.user.id };
        await guarded('show evidence', logger, lang, async () => {
            const msgs = report ? evidenceMessages(report.diagnosis, report.lang) : [noticeMessage(t(lang, 'reportExpired'))];
            await respondMessages(respond, target, msgs, logger);
        }, (msg) => respondMessages(respond, target, [msg], logger), s.observer);
    });
    app.action(ACTIONS.share, async ({ ack, body, action, respond, client, logger }) => {
        await ack();
        const reportId = action.value ?? '';
        const report = s.reports.get(reportId);
        const lang = langFor(reportId);
        const target = { client, channel: body.channel?.id ?? body.user.id, user: body.user.id };
        await guarded('share', logger, lang, async () => {
            if (!report) {
                await respondMessages(respond, target, [noticeMessage(t(lang, 'reportExpired'))], logger);
                return;
            }
            // Through the response_url, so sharing works even in channels the bot is not a member of.
            const msgs = diagnosisMessages(report.diagnosis, { lang: report.lang, reportId, sharedBy: body.user.id });
            for (const m of msgs)
                await respond({ response_type: 'in_channel', replace_original: false, text: m.text, ...(m.blocks && { blocks: m.blocks }) });
            await respond({ delete_original: true }).catch((e) => logger.warn(`could not delete the ephemeral report: ${e.message}`));
        }, (msg) => respondMessages(respond, target, [msg], logger), s.observer);
    });
    app.action(ACTIONS.checkLive, async ({ ack, body, action, respond, client, logger }) => {
        await ack();
        const lang = s.defaultLang;
        const target = { client, channel: body.channel?.id ?? body.user.id, user: body.user.id };
        await guarded('check live', logger, lang, async () => {
            const pod = JSON.parse(action.value ?? '{}');
            if (typeof pod.name !== 'string' || !pod.name)
                throw new Error(`malformed Check live value: ${action.value}`);
            if (s.liveLookup)
                await respondMessages(respond, target, [noticeMessage(t(lang, 'lookingUp', { pod: pod.namespace ? `${pod.namespace}/${pod.name}` : pod.name }))], logger);
            const ctx = { userId: body.user.id, channelId: body.channel?.id ?? '', teamId: body.team?.id, lang, logger };
            await respondMessages(respond, target, await liveMessages(pod, s, ctx), logger);
        }, (msg) => respondMessages(respond, target, [msg], logger), s.observer);
    });
}
