// The live lookups' files, run as one jest suite (see test/suites/README.md): each loads @kubernetes/client-node.
import '../kube/lookup.cases.js';
import '../kube/rbac.cases.js';
import '../kube/hostile-api.cases.js';
import '../kube/ref.cases.js';
