import fs from 'node:fs';
import type http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_OPTIONS, type ContainerOptions } from '../src/container.js';
import { createS3Client, type S3Location } from '../src/storage/blobs/s3-blob-store.js';

/** s3rver's built-in key pair: it checks AWS signature v4 against it. */
export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export type S3TestServer = {
  endpoint: string;
  /** A bucket that exists, created at start. */
  bucket: string;
  /** The POSTDESK_S3_* variables that select this bucket. */
  env(extra?: { prefix?: string; bucket?: string }): Record<string, string>;
  /** Container options: the test key pair (the AWS chain is never asked) and short timeouts. */
  containerOptions: Pick<ContainerOptions, 's3'>;
  location(extra?: { prefix?: string; bucket?: string }): S3Location;
  /** An SDK client of our own, to look into the bucket behind the store's back. */
  client(): S3Client;
  close(): Promise<void>;
};

/**
 * A real S3-compatible HTTP server (s3rver, files in a temp dir) on a random loopback port.
 * It checks request signatures but not Content-MD5 or x-amz-checksum-*.
 */
export async function startS3Server(): Promise<S3TestServer> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-s3-'));
  const bucket = 'postdesk-test';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const containerOptions = { s3: { ...DEFAULT_OPTIONS.s3, credentials: S3_TEST_CREDENTIALS, connectionTimeoutMs: 1_000, maxAttempts: 2 } };
  const location = (extra: { prefix?: string; bucket?: string } = {}): S3Location => ({
    bucket: extra.bucket ?? bucket, endpoint, region: 'us-east-1', prefix: extra.prefix ?? '', forcePathStyle: true,
  });
  const clients: S3Client[] = [];
  return {
    endpoint,
    bucket,
    env: (extra = {}) => ({
      POSTDESK_S3_BUCKET: extra.bucket ?? bucket,
      POSTDESK_S3_ENDPOINT: endpoint,
      POSTDESK_S3_FORCE_PATH_STYLE: 'true',
      ...(extra.prefix ? { POSTDESK_S3_PREFIX: extra.prefix } : {}),
    }),
    containerOptions,
    location,
    client() {
      const client = createS3Client(location(), containerOptions.s3);
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      // Keep-alive sockets of stores a test forgot to close must not hold the server open.
      (server as unknown as { httpServer?: http.Server }).httpServer?.closeAllConnections();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A loopback URL where nothing listens (the port was free a moment ago): connections are refused. */
export async function unreachableEndpoint(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
