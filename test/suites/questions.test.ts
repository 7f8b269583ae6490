// The question answering's files, run as one jest suite (see test/suites/README.md).
import '../ask.cases.js';
import '../questions-policy.cases.js';
import '../typos.cases.js';
