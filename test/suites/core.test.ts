// The pipeline's files (normalise, redact, parse, match, render) and the project checks, run as one jest suite
// (see test/suites/README.md).
import '../parse.cases.js';
import '../normalise.cases.js';
import '../redact.cases.js';
import '../secrets.cases.js';
import '../founding.cases.js';
import '../corpus.cases.js';
import '../dns-matrix.cases.js';
import '../kubectl-rendered.cases.js';
import '../config.cases.js';
import '../layers.cases.js';
import '../commands.cases.js';
import '../fuzz.cases.js';
