/**
 * Progressive enhancement for the public help hub. The pages are complete without this script
 * (rendered on the server, forms post normally); each file in ./enhancements adds one aid on top —
 * instant validation, previews, suggestions — and finds its own elements and localised strings in
 * the server-rendered markup (data attributes), so no page depends on it.
 *
 * Adding an enhancement is adding a file: Vite's glob import picks it up, so features never edit a
 * shared list. One failing enhancement must not take the others down.
 */
type Enhancement = { default: (document: Document) => void };

const enhancements = import.meta.glob<Enhancement>('./enhancements/*.ts', { eager: true });

for (const [name, enhancement] of Object.entries(enhancements)) {
  try {
    enhancement.default(document);
  } catch (error) {
    console.error(`help hub enhancement ${name} failed`, error);
  }
}
