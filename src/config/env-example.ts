// `.env.example`, generated from the schema so the two cannot drift: every variable, blank (= its default), with
// its one line of documentation and its default. `npm run env:example` writes it; test/config.cases.ts compares.
import { type Group, VARIABLES } from './schema.js';

export function renderEnvExample(): string {
  const lines = [
    '# kube-doctor configuration: copy to .env and fill in what you need. A blank value means the default.',
    '# With no SLACK_BOT_TOKEN, `npm start` runs the console chat. See docs/slack.md and docs/live.md.',
    '# Generated from src/config/schema.ts by `npm run env:example`: edit the schema, not this file.',
  ];
  let group: Group | undefined;
  for (const [name, v] of Object.entries(VARIABLES)) {
    if (v.group !== group) {
      group = v.group;
      lines.push('', `# --- ${group}`);
    }
    const shownDefault = v.shownDefault;
    lines.push(`# ${v.description}${shownDefault === undefined ? '' : ` Default: ${shownDefault}.`}`, `${name}=`);
  }
  return `${lines.join('\n')}\n`;
}
