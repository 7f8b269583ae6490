// The rules' files (examples, lint, patterns, cache, reload), run as one jest suite (see test/suites/README.md).
import '../rules.cases.js';
import '../rules-cache.cases.js';
import '../reload-unmatched.cases.js';
import '../pattern.cases.js';
import '../readme-rule.cases.js';
import '../knowledge-audit.cases.js';
