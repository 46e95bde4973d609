import type { Container } from '../container.js';

/** The worker role: runs durable jobs (sending mail now; timers and retraining later). */
export function startWorkerRole(container: Container): { stop(): Promise<void> } {
  container.jobRunner.start();
  return { stop: () => container.jobRunner.stop() };
}
