// Buttons on a report: 👍/👎 (logged with the rule id), "Show evidence", "Share in channel" (slash command
// replies are ephemeral until shared) and "Check live" (when a pod is named and a cluster is configured).
import type { App, BlockButtonAction, Logger } from '@slack/bolt';
import { appendFile } from 'node:fs/promises';
import { t } from '../../render/messages.js';
import { liveMessages } from '../answer.js';
import { ACTIONS, diagnosisMessages, evidenceMessages, noticeMessage, type OutMessage } from '../blocks.js';
import type { FeedbackEntry, PodRef, Services } from '../deps.js';
import { guarded, respondMessages } from '../deliver.js';
import { DONE_MS } from '../once.js';
import { findReport } from '../reports.js';

export interface ActionsOptions {
  /** Append feedback as JSON lines to this file (KUBE_DOCTOR_FEEDBACK_LOG). */
  feedbackLog?: string;
}

function logFeedback(entry: FeedbackEntry, logger: Logger): void {
  logger.info(`feedback vote=${entry.vote} rule=${entry.rule} report=${entry.reportId} user=${entry.user}${entry.channel ? ` channel=${entry.channel}` : ''}`);
}

export function register(app: App, s: Services, o: ActionsOptions = {}): void {
  for (const [actionId, vote] of [
    [ACTIONS.feedbackUp, 'up'],
    [ACTIONS.feedbackDown, 'down'],
  ] as const) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond, client, logger }) => {
      await ack();
      const [reportId = '', rule = 'unknown'] = (action.value ?? '').split('|');
      const lang = (await findReport(s.state, reportId))?.lang ?? s.defaultLang;
      const target = { client, channel: body.channel?.id ?? body.user.id, user: body.user.id };
      await guarded(
        'feedback',
        logger,
        lang,
        async () => {
          const entry: FeedbackEntry = {
            at: new Date().toISOString(),
            vote,
            rule,
            reportId,
            user: body.user.id,
            ...(body.channel?.id && { channel: body.channel.id }),
          };
          logFeedback(entry, logger);
          // Counted once per person, report and vote (a double click or a replayed payload is one vote); only rules that exist.
          if (s.kb.rules.some((r) => r.id === rule) && (await s.state.claim(`vote:${reportId}:${entry.user}:${vote}`, DONE_MS)))
            await s.state.recordVote(rule, vote);
          if (o.feedbackLog) await appendFile(o.feedbackLog, JSON.stringify(entry) + '\n');
          await s.onFeedback?.(entry);
          await respondMessages(respond, target, [noticeMessage(t(lang, 'feedbackThanks', { rule }))], logger);
        },
        (msg) => respondMessages(respond, target, [msg], logger),
        s.observer,
      );
    });
  }

  app.action<BlockButtonAction>(ACTIONS.showEvidence, async ({ ack, body, action, respond, client, logger }) => {
    await ack();
    const report = await findReport(s.state, action.value);
    const lang = report?.lang ?? s.defaultLang;
    const target = { client, channel: body.channel?.id ?? body.user.id, user: body.user.id };
    await guarded(
      'show evidence',
      logger,
      lang,
      async () => {
        const msgs: OutMessage[] = report ? evidenceMessages(report.diagnosis, report.lang) : [noticeMessage(t(lang, 'reportExpired'))];
        await respondMessages(respond, target, msgs, logger);
      },
      (msg) => respondMessages(respond, target, [msg], logger),
      s.observer,
    );
  });

  app.action<BlockButtonAction>(ACTIONS.share, async ({ ack, body, action, respond, client, logger }) => {
    await ack();
    const reportId = action.value ?? '';
    const report = await findReport(s.state, reportId);
    const lang = report?.lang ?? s.defaultLang;
    const target = { client, channel: body.channel?.id ?? body.user.id, user: body.user.id };
    await guarded(
      'share',
      logger,
      lang,
      async () => {
        if (!report) {
          await respondMessages(respond, target, [noticeMessage(t(lang, 'reportExpired'))], logger);
          return;
        }
        // Through the response_url, so sharing works even in channels the bot is not a member of.
        const msgs = diagnosisMessages(report.diagnosis, { lang: report.lang, reportId, sharedBy: body.user.id });
        for (const m of msgs) await respond({ response_type: 'in_channel', replace_original: false, text: m.text, ...(m.blocks && { blocks: m.blocks }) });
        await respond({ delete_original: true }).catch((e: unknown) => logger.warn(`could not delete the ephemeral report: ${(e as Error).message}`));
      },
      (msg) => respondMessages(respond, target, [msg], logger),
      s.observer,
    );
  });

  app.action<BlockButtonAction>(ACTIONS.checkLive, async ({ ack, body, action, respond, client, logger }) => {
    await ack();
    const lang = s.defaultLang;
    const target = { client, channel: body.channel?.id ?? body.user.id, user: body.user.id };
    await guarded(
      'check live',
      logger,
      lang,
      async () => {
        const pod = JSON.parse(action.value ?? '{}') as PodRef;
        if (typeof pod.name !== 'string' || !pod.name) throw new Error(`malformed Check live value: ${action.value}`);
        if (s.liveLookup)
          await respondMessages(
            respond,
            target,
            [noticeMessage(t(lang, 'lookingUp', { pod: pod.namespace ? `${pod.namespace}/${pod.name}` : pod.name }))],
            logger,
          );
        const ctx = { userId: body.user.id, channelId: body.channel?.id ?? '', teamId: body.team?.id, lang, logger };
        await respondMessages(respond, target, await liveMessages(pod, s, ctx), logger);
      },
      (msg) => respondMessages(respond, target, [msg], logger),
      s.observer,
    );
  });
}
