// The Slack adapter's files and the console-and-Slack comparison, run as one jest suite (see test/suites/README.md):
// most load @slack/bolt and start a Slack app.
import '../slack/surfaces.cases.js';
import '../slack/rate-limit.cases.js';
import '../slack/transport.cases.js';
import '../slack/manifest.cases.js';
import '../slack/blocks.cases.js';
import '../slack-emulator.cases.js';
import '../slack/config.cases.js';
import '../ops.cases.js';
import '../same-answer.cases.js';
