export function compilePlaceholders(files) {
    const phrases = (lang) => files.flatMap((f) => Object.entries(f?.phrases?.[lang] ?? {})).sort((a, b) => b[0].length - a[0].length);
    return { phrases: { en: phrases('en'), zh: phrases('zh') }, words: Object.assign({}, ...files.map((f) => f?.words ?? {})) };
}
/** `<name>` as the template engine leaves an unknown value (`<none>` is what kubectl prints, not a placeholder). */
const PLACEHOLDER = /<(?!none>)([a-zA-Z][\w-]*)>/g;
/** "probeOutput" → "the probe output" (a variable nobody gave a word for still reads as words). */
function spelled(name, lang) {
    const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
    return lang === 'zh' ? words : `the ${words}`;
}
/** Prose outside backticks reads generically; inline code inside them is a command. */
export function proseWithout(text, lang, p) {
    return text
        .split('`')
        .map((part, i) => (i % 2 ? commandWithout(part) : wordsFor(part, lang, p)))
        .join('`');
}
function wordsFor(text, lang, p) {
    let out = text;
    for (const [from, to] of p.phrases[lang])
        out = out.split(from).join(to);
    return out.replace(PLACEHOLDER, (_m, name) => p.words[name]?.[lang] ?? p.words[name]?.en ?? spelled(name, lang));
}
export function commandWithout(command) {
    return command.replace(PLACEHOLDER, (_m, name) => name.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase());
}
export function withoutPlaceholders(f, lang, p) {
    return {
        ...f,
        title: proseWithout(f.title, lang, p),
        cause: proseWithout(f.cause, lang, p),
        fix: f.fix.map((step) => ({ text: proseWithout(step.text, lang, p), commands: step.commands.map(commandWithout) })),
    };
}
/** Values a question itself can give: "0/3 nodes are available", "insufficient memory". */
export function questionVars(plain) {
    const vars = {};
    const total = /\b\d+\s*\/\s*(\d+)\s+nodes?\b/i.exec(plain)?.[1];
    if (total)
        vars.total = total;
    const resource = /\binsufficient\s+(cpu|memory|ephemeral-storage|pods)\b/i.exec(plain)?.[1];
    if (resource)
        vars.resource = resource.toLowerCase();
    return vars;
}
