import { explicitReply, langOf, liveMessages, parsePodCommand } from '../answer.js';
import { guarded, respondMessages } from '../deliver.js';
export function register(app, s) {
    app.command(s.command, async ({ command, ack, respond, client, logger }) => {
        await ack();
        const lang = langOf(command.text ?? '', s);
        const target = { client, channel: command.channel_id, user: command.user_id };
        const reply = (msgs) => respondMessages(respond, target, msgs, logger);
        const ctx = { userId: command.user_id, channelId: command.channel_id, teamId: command.team_id, lang, logger };
        await guarded('slash command', logger, lang, async () => {
            const pod = parsePodCommand(command.text ?? '');
            await reply(pod ? await liveMessages(pod, s, ctx) : await explicitReply(command.text ?? '', s, ctx, { share: true }));
        }, (msg) => reply([msg]), s.observer);
    });
}
