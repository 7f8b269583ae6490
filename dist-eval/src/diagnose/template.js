export function localise(text, lang) {
    return typeof text === 'string' ? text : ((lang === 'zh' ? text.zh : undefined) ?? text.en);
}
export function fill(template, vars) {
    return template.replace(/\{([a-zA-Z][\w]*)\}/g, (_m, name) => vars[name] ?? `<${name}>`);
}
export function templateVariables(template) {
    return [...template.matchAll(/\{([a-zA-Z][\w]*)\}/g)].map((m) => m[1]);
}
