import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCaseNumber } from '../src/modules/cases/case-number.js';
import { createTestApp, type TestApp } from './test-app.js';
import { submitCase, validForm, type SubmitResult } from './factories.js';

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The case number with the character at `index` replaced by another symbol of the alphabet. */
function withTypo(caseNumber: string, index: number): string {
  const current = caseNumber[index]!;
  const replacement = ALPHABET[(ALPHABET.indexOf(current) + 7) % ALPHABET.length]!;
  return caseNumber.slice(0, index) + replacement + caseNumber.slice(index + 1);
}

describe('GET /api/v1/cases/<caseNumber>/status?email=', () => {
  let t: TestApp;
  let submitted: SubmitResult;
  const email = 'status.owner@example.org';

  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    submitted = await submitCase(t.app, validForm('tracking', { email }));
  });
  afterAll(async () => {
    await t.close({ removeData: true });
  });

  const lookup = (caseNumber: string, address: string | undefined) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${encodeURIComponent(caseNumber)}/status${address === undefined ? '' : `?email=${encodeURIComponent(address)}`}`,
    });

  it.each([
    ['as given', email],
    ['in upper case', email.toUpperCase()],
    ['in mixed case with spaces around it', '  Status.Owner@Example.ORG '],
  ])('answers the owner (email %s) with the case status', async (_name, address) => {
    const response = await lookup(submitted.caseNumber, address);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Record<string, string>>();
    expect(Object.keys(body).sort()).toEqual(['caseNumber', 'createdAt', 'expectedReplyBy', 'status', 'topic']);
    expect(body).toMatchObject({ caseNumber: submitted.caseNumber, status: 'new', topic: 'tracking', expectedReplyBy: submitted.expectedReplyBy });
    expect(new Date(body.createdAt!).toISOString()).toBe(body.createdAt);
    expect(Date.now() - Date.parse(body.createdAt!)).toBeLessThan(60_000);
  });

  it('accepts the number as a customer might type it: lower case, without dashes', async () => {
    const typed = submitted.caseNumber.toLowerCase().replaceAll('-', '');
    const response = await lookup(typed, email);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ caseNumber: string }>().caseNumber).toBe(submitted.caseNumber);
  });

  it('answers a stranger 404, byte-identical to a case that does not exist', async () => {
    const stranger = await lookup(submitted.caseNumber, 'someone.else@example.org');
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json<ErrorBody>().error.code).toBe('case.not_found');
    expect(stranger.body).not.toContain(submitted.caseNumber);

    let missing = generateCaseNumber();
    while (missing === submitted.caseNumber) missing = generateCaseNumber();
    const nonexistent = await lookup(missing, email);
    expect(nonexistent.statusCode).toBe(404);
    expect(nonexistent.body).toBe(stranger.body);
    expect(nonexistent.headers['content-type']).toBe(stranger.headers['content-type']);
    expect(nonexistent.headers['content-length']).toBe(stranger.headers['content-length']);
  });

  it.each([3, 4, 5, 6, 8, 9, 10, 11])('answers a number with a typo at position %i with 422 and a hint, without a lookup', async (index) => {
    const typo = withTypo(submitted.caseNumber, index);
    expect(typo).not.toBe(submitted.caseNumber);
    const response = await lookup(typo, email);
    expect(response.statusCode, response.body).toBe(422);
    const { error } = response.json<ErrorBody>();
    expect(error.code).toBe('case.number_invalid');
    expect(error.message).toMatch(/typo/i);
    expect(error.message).toMatch(/check/i);
  });

  it('answers two swapped neighbours with 422', async () => {
    const n = submitted.caseNumber;
    // Swap the first two different adjacent characters of the body.
    let swapped = n;
    for (const i of [3, 4, 5, 6, 8, 9, 10]) {
      if (n[i] !== n[i + 1]) {
        swapped = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
        break;
      }
    }
    expect(swapped).not.toBe(n);
    const response = await lookup(swapped, email);
    expect(response.statusCode).toBe(422);
    expect(response.json<ErrorBody>().error.code).toBe('case.number_invalid');
  });

  it.each(['garbage', 'PD-1234', 'PD-UUUU-UUUU', '12345678901234567890'])('answers the malformed number %j with 422 and the expected format', async (input) => {
    const response = await lookup(input, email);
    expect(response.statusCode, response.body).toBe(422);
    const { error } = response.json<ErrorBody>();
    expect(error.code).toBe('case.number_invalid');
    expect(error.message).toMatch(/PD-/);
  });

  it('answers a lookup without an email with 422', async () => {
    const response = await lookup(submitted.caseNumber, undefined);
    expect(response.statusCode).toBe(422);
    expect(response.json<ErrorBody>().error.fields).toHaveProperty('email');
  });
});
