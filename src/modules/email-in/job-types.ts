/** Job type names of the email-in module (kept apart so the store does not import the pipeline). */
export const PROCESS_MESSAGE_JOB = 'email-in.process-message';
