import type { DbTime } from '../../storage/dialect-helpers.js';

/** Labelled examples learnt from agents' corrections (the shipped ones live in training/). */
export type TriageExamplesTable = {
  id: string;
  case_id: string | null;
  topic: string;
  subject: string | null;
  text: string;
  language: string | null;
  created_by: string | null;
  created_at: DbTime;
};

export type TriageTables = { triage_examples: TriageExamplesTable };
