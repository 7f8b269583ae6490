// The live lookups' files and the pod-reference parser's, run as one jest suite (see test/suites/README.md): the
// lookups load @kubernetes/client-node.
import '../kube/lookup.cases.js';
import '../kube/rbac.cases.js';
import '../kube/hostile-api.cases.js';
import '../kube/ref.cases.js';
