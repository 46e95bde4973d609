import { Type } from 'typebox';

const Folder = Type.String({ minLength: 1, maxLength: 200, description: 'IMAP folder path, for example INBOX or Support/Processed' });

export const MailboxIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const CreateMailboxBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    host: Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9._:\\[\\]-]+$', description: 'IMAP server host name or address' }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    tls: Type.Boolean({
      description: 'true: implicit TLS (IMAPS, usually port 993). false: STARTTLS, required except on a loopback host. Certificates are always verified.',
    }),
    username: Type.String({ minLength: 1, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1000, writeOnly: true }),
    folder: Type.Optional(Folder),
    processedFolder: Type.Optional(Type.Union([Folder, Type.Null()], { description: 'processed mail is moved here; unset: it stays, flagged \\Seen' })),
  },
  { additionalProperties: false },
);

export const UpdateMailboxBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    active: Type.Optional(Type.Boolean()),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, writeOnly: true })),
    folder: Type.Optional(Folder),
    processedFolder: Type.Optional(Type.Union([Folder, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** What admins see of a mailbox: never the password, in any form. */
export const MailboxResponseItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  host: Type.String(),
  port: Type.Integer(),
  tls: Type.Boolean(),
  username: Type.String(),
  folder: Type.String(),
  processedFolder: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  uidValidity: Type.Union([Type.String(), Type.Null()]),
  lastUid: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastPolledAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const MailboxResponse = Type.Object({ mailbox: MailboxResponseItem });
export const MailboxListResponse = Type.Object({ mailboxes: Type.Array(MailboxResponseItem) });
