import type { JobDefinition } from './define-job.js';

/** The job types a worker knows how to run. */
export interface JobRegistry {
  find(type: string): JobDefinition | undefined;
  types(): string[];
}

/** Indexes definitions by type; two definitions of one type are a wiring mistake and throw. */
export function createJobRegistry(definitions: JobDefinition[]): JobRegistry {
  const byType = new Map<string, JobDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type)) throw new Error(`Job type ${definition.type} is defined twice`);
    byType.set(definition.type, definition);
  }
  return {
    find: (type) => byType.get(type),
    types: () => [...byType.keys()],
  };
}
