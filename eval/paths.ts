// The checkout the evaluation runs from (test/fixtures/, rules/).
export { PACKAGE_ROOT as REPO_ROOT } from '../src/util/package-root.js';
