import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBlobStore } from '../src/startup.js';
import { CASE_NUMBER, multipartForm, pdfOfSize, tinyPdf, tinyPng, validForm, type FormFile } from './factories.js';
import { startS3Server, unreachableEndpoint, S3_TEST_CREDENTIALS, type S3TestServer } from './s3-server.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';

type AttachmentView = { id: string; filename: string; contentType: string; size: number; url: string };
type Detail = { case: { messages: { attachments: AttachmentView[] }[] } };
type ReadyBody = { status: string; checks: Record<string, { status: string }> };

const MB = 1024 * 1024;
const PREFIX = 'pd-e2e/';
const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
});

async function submit(t: TestApp, files: FormFile[]) {
  return t.app.inject({ method: 'POST', url: '/api/v1/cases', payload: multipartForm(validForm('refund-claim'), files) });
}

async function readyz(t: TestApp): Promise<{ statusCode: number; body: ReadyBody }> {
  const response = await t.app.inject({ method: 'GET', url: '/readyz' });
  return { statusCode: response.statusCode, body: response.json<ReadyBody>() };
}

describe('attachments in an S3 bucket (POSTDESK_S3_BUCKET)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false, env: { POSTDESK_RATE_LIMITS: 'off', ...s3.env({ prefix: PREFIX }) }, options: s3.containerOptions });
  });
  afterAll(() => t.close({ removeData: true }));

  it('stores a case\'s files in the bucket, not the data dir, and agents download them intact', async () => {
    const png = tinyPng(4);
    const pdf = pdfOfSize(3 * MB);
    const response = await submit(t, [
      { bytes: png, filename: 'dented box.png', type: 'image/png' },
      { bytes: pdf, filename: 'receipt.pdf', type: 'application/pdf' },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    const { caseNumber } = response.json<{ caseNumber: string }>();
    expect(caseNumber).toMatch(CASE_NUMBER);

    const bucket = s3.client();
    for (const bytes of [png, pdf]) {
      const sha256 = sha256Of(bytes);
      const object = await bucket.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `${PREFIX}blobs/${sha256.slice(0, 2)}/${sha256}` }));
      expect(Buffer.compare(Buffer.from(await object.Body!.transformToByteArray()), bytes)).toBe(0);
    }
    expect(fs.existsSync(path.join(t.dataDir, 'blobs'))).toBe(false);

    const admin = await signIn(t.app);
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: admin });
    expect(detail.statusCode, detail.body).toBe(200);
    const attachments = detail.json<Detail>().case.messages[0]!.attachments;
    expect(attachments.map((a) => a.filename).sort()).toEqual(['dented box.png', 'receipt.pdf']);
    for (const attachment of attachments) {
      const original = attachment.filename === 'receipt.pdf' ? pdf : png;
      const download = await t.app.inject({ method: 'GET', url: attachment.url, headers: { cookie: admin.cookie } });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe(attachment.contentType);
      expect(Buffer.compare(download.rawPayload, original)).toBe(0);
    }
  });

  it('stores a file sent with a second case once', async () => {
    const pdf = tinyPdf('the same receipt, sent twice');
    for (let round = 0; round < 2; round += 1) {
      const response = await submit(t, [{ bytes: pdf, filename: 'receipt.pdf', type: 'application/pdf' }]);
      expect(response.statusCode, response.body).toBe(201);
    }
    const sha256 = sha256Of(pdf);
    const listed = await s3.client().send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${PREFIX}blobs/${sha256.slice(0, 2)}/` }));
    expect(listed.Contents?.filter((object) => object.Key?.endsWith(sha256))).toHaveLength(1);
  });

  it('reports the bucket in /readyz, and passes the start-up check', async () => {
    const { statusCode, body } = await readyz(t);
    expect(statusCode).toBe(200);
    expect(body.checks.blobStore).toEqual({ status: 'ok' });
    await expect(checkBlobStore(t.container)).resolves.toBeUndefined();
  });
});

describe('an S3 endpoint where nothing answers', () => {
  let t: TestApp;
  let endpoint: string;
  beforeAll(async () => {
    endpoint = await unreachableEndpoint();
    t = await createTestApp({ worker: false, env: { ...s3.env(), POSTDESK_S3_ENDPOINT: endpoint }, options: s3.containerOptions });
  });
  afterAll(() => t.close({ removeData: true }));

  it('fails the start-up check with a message naming the bucket, the endpoint and what to check', async () => {
    await expect(checkBlobStore(t.container)).rejects.toThrow(
      `S3 bucket "${s3.bucket}" at ${endpoint} cannot be used: connect ECONNREFUSED ${new URL(endpoint).host}; check POSTDESK_S3_ENDPOINT`,
    );
  });

  it('warns in /readyz without taking the process out of rotation', async () => {
    const { statusCode, body } = await readyz(t);
    expect(statusCode).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks.blobStore).toEqual({ status: 'warning' });
    expect(body.checks.database).toEqual({ status: 'ok' });
  });

  it('refuses a case with a file as a server error and keeps no half of it', async () => {
    const count = async () => Number((await t.container.database.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const response = await submit(t, [{ bytes: tinyPng(), filename: 'photo.png', type: 'image/png' }]);
    expect(response.statusCode).toBe(500);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('internal');
    expect(response.body).not.toContain(endpoint);
    expect(await count()).toBe(before);
  });
});

describe('npm start with an unreachable S3 endpoint', () => {
  it('exits 1 before opening any listener, saying which bucket and endpoint failed', async () => {
    const endpoint = await unreachableEndpoint();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-s3-start-'));
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          POSTDESK_DATA_DIR: dataDir,
          POSTDESK_HTTP_PORT: '0',
          POSTDESK_SMTP_PORT: '0',
          POSTDESK_LOG_LEVEL: 'silent',
          POSTDESK_S3_BUCKET: 'attachments',
          POSTDESK_S3_ENDPOINT: endpoint,
          POSTDESK_S3_FORCE_PATH_STYLE: 'true',
          AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain(
        `Postdesk failed to start: S3 bucket "attachments" at ${endpoint} cannot be used: connect ECONNREFUSED ${new URL(endpoint).host}; check POSTDESK_S3_ENDPOINT, the network and the AWS credentials`,
      );
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stdout).not.toContain('Postdesk is running');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
