import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.js';
import { generatePassword } from '../agents/passwords.js';
import { DemoDataExistsError, generateDemo } from './generate-demo.js';

type Output = { print(line: string): void; usage(message: string): Error };

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got ${raw}`);
  return value;
}

/** `npx postdesk generate-demo`: parses the options, runs the generator with progress on stderr, prints a summary. */
export async function runGenerateDemo(config: Config, args: string[], out: Output): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      cases: { type: 'string' }, 'messages-per-case': { type: 'string' }, seed: { type: 'string' },
      'agent-password': { type: 'string' }, force: { type: 'boolean', default: false },
    },
  });
  let cases: number;
  let messagesPerCase: number;
  let seed: number;
  try {
    cases = positiveInt('--cases', values.cases, 10_000);
    messagesPerCase = positiveInt('--messages-per-case', values['messages-per-case'], 3);
    seed = positiveInt('--seed', values.seed, 1);
  } catch (error) {
    throw out.usage(error instanceof Error ? error.message : String(error));
  }
  const agentPassword = values['agent-password'] ?? generatePassword();
  const database = config.database;
  try {
    const result = await generateDemo({
      database, cases, messagesPerCase, seed, now: new Date(), force: values.force ?? false, agentPassword,
      onProgress: ({ cases: done, total, elapsedMs }) => {
        const rate = done / Math.max(elapsedMs / 1000, 0.001);
        process.stderr.write(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} cases, ${Math.round(rate).toLocaleString('en-US')}/s, ${Math.round((total - done) / rate)} s to go\n`);
      },
    });
    const where = database.kind === 'sqlite' ? `${database.file}: ${(fs.statSync(database.file).size / 2 ** 20).toFixed(0)} MB` : 'PostgreSQL';
    const seconds = result.elapsedMs / 1000;
    out.print(`Generated ${result.cases} cases, ${result.messages} messages, ${result.events} events, ${result.customers} customers, ${result.trackingNumbers} tracking numbers in ${seconds.toFixed(1)} s, ${Math.round(result.cases / seconds)} cases/s (${where}).`);
    out.print(`Agents (${result.agents.length}): ${result.agents.map((a) => `${a.email} (${a.role})`).join(', ')}`);
    if (!values['agent-password']) out.print(`Their password (shown once): ${agentPassword}`);
  } catch (error) {
    if (error instanceof DemoDataExistsError) throw out.usage(error.message);
    throw error;
  }
}
