// Whether a line typed at the console chat is the first line of pasted output (wait for the empty line) rather
// than a question (answer on Enter). Only shapes the programs print as their first line count:
//   kubectl get (printers' table header, upper-case columns two spaces apart: NAME  READY  STATUS, LAST SEEN  TYPE …)
//   kubectl describe (describe.go's PrefixWriter: "Name:" then the value aligned by tabwriter; "Events:" alone;
//     its events table: "Type  Reason  Age  From  Message", rows "Normal|Warning  Reason  …")
//   -o json / -o yaml (a bare "{" or "[", apiVersion:, kind:, metadata:, a "---" document start)
//   a shell prompt before kubectl/oc, or a kubectl/oc command line that is not a question (people copy it with the output), a Markdown code fence
//   log lines that start with a timestamp: klog ("E0312 10:04:01.123456"), RFC 3339 (containerd, most JSON-less logs)
const SHAPES: RegExp[] = [
  /^(?:NAMESPACE|NAME|LAST SEEN|TYPE)\s{2,}[A-Z]/,
  /^(?:Name|Namespace):\s{2,}\S/,
  /^\s*Events:\s*$/,
  /^\s*Type\s{2,}Reason\s{2,}Age/,
  /^\s*(?:Normal|Warning)\s{2,}[A-Z][A-Za-z]+\s{2,}\S/,
  /^\s*[{[]\s*$/,
  /^\s*\{\s*"/,
  /^(?:apiVersion|kind):\s*\S/,
  /^(?:metadata|status|spec|items):\s*$/,
  /^---\s*$/,
  /^\s*\S*[$#%]\s*(?:kubectl|oc|k)\s/,
  /^\s*(?:kubectl|oc)\s+[a-z][^?]*$/,
  /^\s*(?:```|~~~)/,
  /^[IWEF]\d{4} \d\d:\d\d:\d\d/,
  /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d/,
];

export function startsPaste(line: string): boolean {
  const l = line.slice(0, 200); // a shape shows in the first characters; no pattern runs on a long line
  return SHAPES.some((re) => re.test(l));
}
