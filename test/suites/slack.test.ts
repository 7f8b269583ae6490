// The Slack adapter's files, run as one jest suite (see test/suites/README.md): each loads @slack/bolt.
import '../slack/surfaces.cases.js';
import '../slack/rate-limit.cases.js';
import '../slack/transport.cases.js';
import '../slack/manifest.cases.js';
import '../slack/blocks.cases.js';
import '../slack-emulator.cases.js';
import '../slack/config.cases.js';
import '../ops.cases.js';
import '../same-answer.cases.js';
