/**
 * Canned-response templates: plain text with `{{variable}}` placeholders from a fixed list.
 *
 * Written here instead of taking Mustache or Handlebars: we need four substitutions, and those
 * engines bring sections, partials, helpers and lookups into arbitrary object paths (Handlebars
 * compiles templates to JavaScript, with a history of prototype-pollution and code-execution
 * advisories), plus HTML escaping rules that are wrong for a plain-text reply. Here a template can
 * only name one of the variables below; nothing is evaluated, and values are inserted in one pass,
 * so a customer whose name contains `{{agent.name}}` gets exactly that text back.
 */
export const TEMPLATE_VARIABLES = ['customer.name', 'case.number', 'tracking.number', 'agent.name'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Readonly<Record<TemplateVariable, string>>;

/** `{{ name }}`, spaces inside the braces allowed; the name itself is checked against the list. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function isTemplateVariable(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

/** What is wrong with a template, one message per problem; empty when it can be saved. */
export function checkTemplate(body: string): string[] {
  const problems: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!isTemplateVariable(name)) problems.push(`unknown variable {{${name}}}: use ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`);
  }
  const rest = body.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push('a {{ or }} does not form a {{variable}}');
  return problems;
}

/** Fills every placeholder with its value; an unknown name (never saved: see checkTemplate) stays as written. */
export function renderTemplate(body: string, values: TemplateValues): string {
  return body.replace(PLACEHOLDER, (placeholder, name: string) => (isTemplateVariable(name) ? values[name] : placeholder));
}
