// `/kube-doctor <paste | pod NAME [-n NS] | question | help>`: acknowledged at once, answered through respond()
// as an ephemeral message (with "Share in channel"), falling back to chat.postEphemeral when respond() fails.
import type { App } from '@slack/bolt';
import { langOf, liveMessages, parsePodCommand, replyMessages } from '../answer.js';
import type { Services } from '../deps.js';
import { guarded, respondMessages } from '../deliver.js';
import { once } from '../once.js';

export function register(app: App, s: Services): void {
  app.command(s.command, async ({ command, ack, respond, client, logger }) => {
    await ack();
    const lang = langOf(command.text ?? '', s);
    const target = { client, channel: command.channel_id, user: command.user_id };
    const reply = (msgs: Parameters<typeof respondMessages>[2]) => respondMessages(respond, target, msgs, logger);
    const ctx = { userId: command.user_id, channelId: command.channel_id, teamId: command.team_id, lang, logger };
    // Slack sends each invocation once with its own trigger_id: a second request carrying it is a replay.
    const work = () =>
      guarded(
        'slash command',
        logger,
        lang,
        async () => {
          const pod = parsePodCommand(command.text ?? '');
          // The reply is ephemeral: only the asker sees it, as in a DM.
          await reply(pod ? await liveMessages(pod, s, ctx) : await replyMessages(command.text ?? '', s, ctx, { surface: 'dm', share: true }));
        },
        (msg) => reply([msg]),
        s.observer,
      );
    let answered = true;
    if (command.trigger_id) answered = await once(s.state, `command:${command.trigger_id}`, work);
    else await work();
    if (!answered) logger.warn(`dropping a replayed slash command (trigger ${command.trigger_id})`);
  });
}
