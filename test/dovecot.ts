import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

/**
 * A real Dovecot (Debian package `dovecot-imapd`) for IMAP tests: started in the foreground in a
 * temp dir with a throw-away config (loopback, a random free port, no TLS, plaintext login,
 * one passwd-file user, maildir under the temp dir, log to a file), stopped and removed after.
 */
export const DOVECOT_BINARY = '/usr/sbin/dovecot';
export const hasDovecot = fs.existsSync(DOVECOT_BINARY);
export const NO_DOVECOT_MESSAGE = `IMAP tests skipped: ${DOVECOT_BINARY} is missing (apt-get install -y dovecot-imapd)`;

export type DovecotServer = {
  host: string;
  port: number;
  user: string;
  password: string;
  dir: string;
  /** Runs `work` on a fresh logged-in client and logs out after. */
  withClient<T>(work: (client: ImapFlow) => Promise<T>): Promise<T>;
  /** APPENDs a raw message to `folder` (created when missing); returns its UID. */
  append(folder: string, raw: string | Buffer, flags?: string[]): Promise<number>;
  /** UIDs, flags (without the session-bound \Recent) and Message-IDs of a folder, oldest first. */
  list(folder: string): Promise<{ uid: number; flags: string[]; messageId: string | null }[]>;
  /**
   * Makes a stored message unreadable on disk (mode 000); Dovecot then drops the connection
   * whenever its body is fetched, while flags and MOVE still work: a message that cannot be downloaded.
   */
  makeUnreadable(folder: string, messageId: string): void;
  /** Dovecot's own log (for failure messages). */
  readLog(): string;
  stop(): Promise<void>;
};

const USER = 'postdesk';
const PASSWORD = 'imap-test-password-7f3a';

export type DovecotOptions = {
  /** Leave IDLE (RFC 2177) out of the capabilities, as some servers do: clients must poll. */
  withoutIdle?: boolean;
};

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      lastError = error; // most likely the port was taken between choosing and binding it
    }
  }
  throw lastError;
}

async function startOnce(options: DovecotOptions): Promise<DovecotServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const accounts = processAccounts();
  for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub));
  if (accounts.chownMail) fs.chownSync(path.join(dir, 'mail'), accounts.mailUid, accounts.mailGid);
  fs.writeFileSync(path.join(dir, 'passwd'), `${USER}:{PLAIN}${PASSWORD}::::\n`);
  const configFile = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(configFile, renderConfig(dir, port, accounts, options));
  const logFile = path.join(dir, 'dovecot.log');
  const readLog = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');

  const child = spawn(DOVECOT_BINARY, ['-F', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForGreeting(port, child, 10_000);
  } catch (error) {
    await stopProcess(child);
    const detail = `${stderr}\n${readLog()}`.trim();
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`Dovecot did not start: ${(error as Error).message}\n${detail}`);
  }

  const withClient = async <T>(work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: USER, pass: PASSWORD }, logger: false, disableAutoIdle: true });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  return {
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    dir,
    withClient,
    append: (folder, raw, flags = []) =>
      withClient(async (client) => {
        if (folder !== 'INBOX') await client.mailboxCreate(folder);
        const result = await client.append(folder, raw, flags);
        if (!result || result.uid === undefined) throw new Error(`APPEND to ${folder} failed`);
        return result.uid;
      }),
    list: (folder) =>
      withClient(async (client) => {
        const lock = await client.getMailboxLock(folder);
        try {
          if (client.mailbox && client.mailbox.exists === 0) return [];
          const messages = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true }, { uid: false });
          return messages
            .map((m) => ({ uid: m.uid, flags: [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort(), messageId: m.envelope?.messageId ?? null }))
            .sort((a, b) => a.uid - b.uid);
        } finally {
          lock.release();
        }
      }),
    makeUnreadable(folder, messageId) {
      // Maildir++ layout: INBOX is the user's maildir, other folders are ".<name>" inside it.
      const maildir = path.join(dir, 'mail', USER, folder === 'INBOX' ? '' : `.${folder}`);
      const file = ['cur', 'new']
        .flatMap((sub) => (fs.existsSync(path.join(maildir, sub)) ? fs.readdirSync(path.join(maildir, sub)).map((name) => path.join(maildir, sub, name)) : []))
        .find((candidate) => fs.readFileSync(candidate, 'latin1').includes(`Message-ID: ${messageId}`));
      if (!file) throw new Error(`no message ${messageId} in ${folder}`);
      fs.chmodSync(file, 0o000);
    },
    readLog,
    async stop() {
      await stopProcess(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Accounts = { internalUser: string; internalGroup: string; loginUser: string; mailUid: number; mailGid: number; chownMail: boolean };

/**
 * As root (CI), Dovecot's own unprivileged users run it and the mail belongs to `dovecot`
 * (Dovecot refuses mail access as UID 0). As anyone else, everything runs as that user.
 */
function processAccounts(): Accounts {
  const me = os.userInfo();
  if (me.uid !== 0) {
    const group = readGroupName(me.gid) ?? me.username;
    return { internalUser: me.username, internalGroup: group, loginUser: me.username, mailUid: me.uid, mailGid: me.gid, chownMail: false };
  }
  const dovecot = readPasswdEntry('dovecot');
  if (!dovecot) throw new Error('the dovecot system user is missing: reinstall dovecot-core');
  return { internalUser: 'dovecot', internalGroup: readGroupName(dovecot.gid) ?? 'dovecot', loginUser: 'dovenull', mailUid: dovecot.uid, mailGid: dovecot.gid, chownMail: true };
}

/** Dovecot 2.3's post-login capabilities without IDLE (imap_capability replaces the whole list). */
const CAPABILITIES_WITHOUT_IDLE =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE LITERAL+';

function renderConfig(dir: string, port: number, accounts: Accounts, options: DovecotOptions): string {
  return `# Throw-away test configuration written by test/dovecot.ts
${options.withoutIdle ? `imap_capability = ${CAPABILITIES_WITHOUT_IDLE}` : ''}
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = postdesk-test-${path.basename(dir)}
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A test's wrong password fails at once (the per-address auth penalty still delays the next login).
auth_failure_delay = 0
mail_location = maildir:${dir}/mail/%u
mail_fsync = never
default_internal_user = ${accounts.internalUser}
default_internal_group = ${accounts.internalGroup}
default_login_user = ${accounts.loginUser}
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${accounts.mailUid} gid=${accounts.mailGid} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Connects until the server greets with `* OK` (Dovecot is up and listening on our port). */
async function waitForGreeting(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with code ${child.exitCode}`);
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setTimeout(1_000);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (greeted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no IMAP greeting on port ${port} within ${timeoutMs} ms`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function readPasswdEntry(name: string): { uid: number; gid: number } | null {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  const fields = line?.split(':');
  return fields && fields.length > 3 ? { uid: Number(fields[2]), gid: Number(fields[3]) } : null;
}

function readGroupName(gid: number): string | null {
  const line = fs.readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.split(':')[2] === String(gid));
  return line?.split(':')[0] ?? null;
}
