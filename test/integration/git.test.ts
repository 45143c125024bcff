import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';

const CREATE = 'mutation($input: CreateGitRepositoryInput!) { createGitRepository(input: $input) { gitRepository { id } errors { field code message } } }';
const SYNC = 'mutation($id: ID!) { syncGitRepository(id: $id) { ok log repository { syncStatus currentHead } } }';

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
    t = await bootApp(testConfig(db));
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
    const first = await t.gql<{ syncGitRepository: { ok: boolean; log: string[]; repository: { syncStatus: string; currentHead: string } } }>(SYNC, { id });
    expect(first.data?.syncGitRepository).toMatchObject({ ok: true, repository: { syncStatus: 'completed', currentHead: repo.head } });
    expect(first.data?.syncGitRepository.log).toContain('[example] 1 session(s) written from bgp-peers.json');
    expect(await t.runtime.prisma.exampleBgpSession.findFirst({ where: { name: 'from-git' } })).toMatchObject({ remoteAsn: 65100 });

    const next = await repo.commit({ 'bgp-peers.json': JSON.stringify([{ device: 'git-r000', name: 'from-git', remoteAsn: 65200, remoteAddress: '198.51.100.1' }, { device: 'nope', name: 'x', remoteAsn: 1, remoteAddress: '192.0.2.1' }]) });
    const second = await t.gql<{ syncGitRepository: { ok: boolean; log: string[]; repository: { currentHead: string } } }>(SYNC, { id });
    expect(second.data?.syncGitRepository.repository.currentHead).toBe(next);
    expect(second.data?.syncGitRepository.log).toContain('[example] skipped x: no device named nope');
    expect(await t.runtime.prisma.exampleBgpSession.findFirst({ where: { name: 'from-git' } })).toMatchObject({ remoteAsn: 65200 });
  });

  it('reports a failing data type with the plugin’s name and keeps the failure on the repository', async () => {
    const repo = await makeRepo({ 'README.md': 'no peers file here\n' });
    const made = await t.gql<{ createGitRepository: { gitRepository: { id: string } } }>(CREATE, { input: { name: 'empty', remoteUrl: repo.dir, branch: 'main', providedContents: 'example-bgp-peers' } });
    const res = await t.gql<{ syncGitRepository: { ok: boolean; log: string[]; repository: { syncStatus: string } } }>(SYNC, { id: made.data?.createGitRepository.gitRepository.id });
    expect(res.data?.syncGitRepository.ok).toBe(false);
    expect(res.data?.syncGitRepository.repository.syncStatus).toBe('failed');
    expect(res.data?.syncGitRepository.log.some((l) => l.startsWith('BGP peers (plugin "example") failed:'))).toBe(true);
  });

  it('refuses an unknown data type as a field error', async () => {
    const res = await t.gql<{ createGitRepository: { errors: Array<{ field: string; code: string }> } }>(CREATE, { input: { name: 'bad', remoteUrl: '/tmp/x', providedContents: 'configs' } });
    expect(res.data?.createGitRepository.errors).toEqual([expect.objectContaining({ field: 'providedContents', code: 'INVALID_CHOICE' })]);
  });
});
