import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, ROOT, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';

const CREATE = 'mutation($input: CreateGitRepositoryInput!) { createGitRepository(input: $input) { gitRepository { id } errors { field code message } } }';
const SYNC = 'mutation($id: ID!) { syncGitRepository(id: $id) { jobResult { id status } errors { field code } } }';
const REPOSITORY = 'query($id: ID!) { gitRepository(id: $id) { syncStatus currentHead syncLog } }';

type Synced = { ok: boolean; log: string[]; repository: { syncStatus: string; currentHead: string }; job: { status: string; userName: string } };

/** Queue a sync as the caller, let the job run, and read back what it left on the repository and its job. */
async function sync(t: TestApp, id: string | undefined, headers?: Record<string, string>): Promise<Synced> {
  const queued = headers
    ? await t.gqlWith<{ syncGitRepository: { jobResult: { id: string; status: string } } }>(headers, SYNC, { id })
    : await t.gql<{ syncGitRepository: { jobResult: { id: string; status: string } } }>(SYNC, { id });
  const job = queued.data?.syncGitRepository.jobResult;
  expect(job?.status).toBe('pending');
  await t.runtime.jobs.idle();
  const repo = await t.gql<{ gitRepository: { syncStatus: string; currentHead: string; syncLog: string } }>(REPOSITORY, { id });
  const result = await t.gql<{ jobResult: { status: string; userName: string } }>('query($id: ID!) { jobResult(id: $id) { status userName } }', { id: job?.id });
  const r = repo.data?.gitRepository;
  return { ok: r?.syncStatus === 'completed', log: (r?.syncLog ?? '').split('\n'), repository: { syncStatus: r?.syncStatus ?? '', currentHead: r?.currentHead ?? '' }, job: result.data?.jobResult ?? { status: '', userName: '' } };
}

/** A real repository on disk, made with git, that the test can commit to. */
async function makeRepo(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'fathom-git-'));
  const git = simpleGit(dir);
  await git.init(['--initial-branch=main']);
  await git.addConfig('user.email', 'test@fathom.invalid').addConfig('user.name', 'Fathom test');
  const commit = async (next: Record<string, string>) => {
    for (const [name, text] of Object.entries(next)) writeFileSync(join(dir, name), text);
    await git.add('.');
    await git.commit('update');
    return (await git.revparse(['HEAD'])).trim();
  };
  const head = await commit(files);
  return { dir, head, commit };
}

describe('Git repositories and plugin data types', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'git');
    t = await bootApp(testConfig(db, { git: { allowLocalRemotes: true } }));
    await buildDevices(t.runtime.prisma, 2, 0, 'Git');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('clones a repository, hands it to the example plugin’s data type, and pulls changes on the next sync', async () => {
    const repo = await makeRepo({ 'bgp-peers.json': JSON.stringify([{ device: 'git-r000', name: 'from-git', remoteAsn: 65100, remoteAddress: '198.51.100.1' }]) });
    const made = await t.gql<{ createGitRepository: { gitRepository: { id: string } } }>(CREATE, {
      input: { name: 'peers', remoteUrl: repo.dir, branch: 'main', providedContents: 'example-bgp-peers' },
    });
    const id = made.data?.createGitRepository.gitRepository.id;
    const first = await sync(t, id);
    expect(first).toMatchObject({ ok: true, repository: { syncStatus: 'completed', currentHead: repo.head }, job: { status: 'completed' } });
    expect(first.log).toContain('[example] 1 session(s) written from bgp-peers.json');
    expect(await t.runtime.prisma.exampleBgpSession.findFirst({ where: { name: 'from-git' } })).toMatchObject({ remoteAsn: 65100 });

    const next = await repo.commit({ 'bgp-peers.json': JSON.stringify([{ device: 'git-r000', name: 'from-git', remoteAsn: 65200, remoteAddress: '198.51.100.1' }, { device: 'nope', name: 'x', remoteAsn: 1, remoteAddress: '192.0.2.1' }]) });
    const second = await sync(t, id);
    expect(second.repository.currentHead).toBe(next);
    expect(second.log).toContain('[example] skipped x: no device named nope');
    expect(await t.runtime.prisma.exampleBgpSession.findFirst({ where: { name: 'from-git' } })).toMatchObject({ remoteAsn: 65200 });
  });

  it('reports a failing data type with the plugin’s name and keeps the failure on the repository', async () => {
    const repo = await makeRepo({ 'README.md': 'no peers file here\n' });
    const made = await t.gql<{ createGitRepository: { gitRepository: { id: string } } }>(CREATE, { input: { name: 'empty', remoteUrl: repo.dir, branch: 'main', providedContents: 'example-bgp-peers' } });
    const res = await sync(t, made.data?.createGitRepository.gitRepository.id);
    expect(res.ok).toBe(false);
    expect(res.repository.syncStatus).toBe('failed');
    expect(res.job.status).toBe('failed');
    expect(res.log.some((l) => l.startsWith('BGP peers (plugin "example") failed:'))).toBe(true);
  });

  it('refuses an unknown data type as a field error', async () => {
    const res = await t.gql<{ createGitRepository: { errors: Array<{ field: string; code: string }> } }>(CREATE, { input: { name: 'bad', remoteUrl: '/tmp/x', providedContents: 'configs' } });
    expect(res.data?.createGitRepository.errors).toEqual([expect.objectContaining({ field: 'providedContents', code: 'INVALID_CHOICE' })]);
  });
});

describe('Git repositories are user input: remotes, links and slow servers are contained', () => {
  let db: TestDatabase;
  let t: TestApp;
  let tarpit: Server;
  let tarpitPort: number;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'git-attack');
    // Local remotes allowed here only for the symlink test, which needs a repository it can build on disk.
    t = await bootApp(testConfig(db, { git: { timeoutSeconds: 2, allowLocalRemotes: false } }));
    await buildDevices(t.runtime.prisma, 1, 0, 'Git');
    // Accepts connections and never says a word: the review's tar pit.
    tarpit = createServer(() => {});
    await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', resolve));
    tarpitPort = (tarpit.address() as AddressInfo).port;
  });
  afterAll(async () => {
    tarpit?.close();
    await t?.close();
    await db?.drop();
  });

  it('refuses remotes outside the configured protocols: local paths, ext::, option-like values, plain http, credentials', async () => {
    for (const remoteUrl of ['.', ROOT, 'file:///etc', '../../', 'ext::sh -c touch% /tmp/fathom-git-pwned', '--upload-pack=touch /tmp/x', 'http://127.0.0.1/repo.git', 'https://deploy:hunter2@git.example.net/x.git', 'https://token@git.example.net/x.git']) {
      const res = await t.gql<{ createGitRepository: { gitRepository: unknown; errors: Array<{ field: string }> } }>(CREATE, { input: { name: `bad-${remoteUrl.length}-${remoteUrl.slice(0, 4)}`, remoteUrl } });
      expect(res.data?.createGitRepository.errors.map((e) => e.field), remoteUrl).toEqual(['remoteUrl']);
    }
    expect(await t.runtime.prisma.gitRepository.count()).toBe(0);
  });

  it('refuses to sync a stored remote the current policy no longer allows, without touching the disk', async () => {
    const row = await t.runtime.prisma.gitRepository.create({ data: { name: 'legacy', remoteUrl: ROOT } });
    const res = await sync(t, row.id);
    expect(res.ok).toBe(false);
    expect(res.log.join('\n')).toMatch(/Local repositories are disabled/);
    expect(existsSync(join(t.config.stateDir, 'git', row.id))).toBe(false);
  });

  it('stops a sync against a remote that never answers at the time limit, as a job, while the request returns at once', async () => {
    const made = await t.gql<{ createGitRepository: { gitRepository: { id: string } } }>(CREATE, { input: { name: 'tarpit', remoteUrl: `https://127.0.0.1:${tarpitPort}/slow.git` } });
    const res = await sync(t, made.data?.createGitRepository.gitRepository.id);
    expect(res.ok).toBe(false);
    expect(res.log.join('\n')).toMatch(/longer than 2 s/);
  });

  it('says the same about a closed port as about any other unreachable remote', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const made = await t.gql<{ createGitRepository: { gitRepository: { id: string } } }>(CREATE, { input: { name: 'closed', remoteUrl: `https://127.0.0.1:${port}/x.git` } });
    const res = await sync(t, made.data?.createGitRepository.gitRepository.id);
    expect(res.log.join('\n')).toContain('Sync failed: Could not fetch the branch from the remote');
    expect(res.log.join('\n')).not.toMatch(/refused|port|connect/i);
  });
});

describe('a repository whose files link outside it', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'git-links');
    t = await bootApp(testConfig(db, { git: { allowLocalRemotes: true } }));
    await buildDevices(t.runtime.prisma, 1, 0, 'Git');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('does not hand the linked file to the plugin: the example data type’s read is refused', async () => {
    const outside = join(mkdtempSync(join(tmpdir(), 'fathom-outside-')), 'server-secret.json');
    writeFileSync(outside, JSON.stringify([{ device: 'git-r000', name: 'leaked-from-server', remoteAsn: 1, remoteAddress: '192.0.2.9' }]));
    const repo = await makeRepo({ 'README.md': 'links\n' });
    symlinkSync(outside, join(repo.dir, 'bgp-peers.json'));
    await simpleGit(repo.dir).add('.').commit('link');
    const made = await t.gql<{ createGitRepository: { gitRepository: { id: string } } }>(CREATE, { input: { name: 'links', remoteUrl: repo.dir, providedContents: 'example-bgp-peers' } });
    const res = await sync(t, made.data?.createGitRepository.gitRepository.id);
    expect(res.ok).toBe(false);
    expect(res.log.join('\n')).toMatch(/links outside the repository/);
    expect(await t.runtime.prisma.exampleBgpSession.count({ where: { name: 'leaked-from-server' } })).toBe(0);
  });
});
