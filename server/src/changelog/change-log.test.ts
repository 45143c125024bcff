import { describe, expect, it } from 'vitest';
import { changeData, withoutCredentials } from './change-log.ts';

describe('what the change log keeps of a row', () => {
  it('drops secrets’ parameters, hashes and anything named like a credential', () => {
    expect(changeData('Secret', { id: 's', name: 'napalm', provider: 'text-file', parameters: '{"path":"/run/secrets/x"}' })).toEqual({ id: 's', name: 'napalm', provider: 'text-file' });
    expect(changeData('Thing', { id: 't', passwordHash: 'scrypt$…', apiToken: 'abc', privateKey: 'k', name: 'n' })).toEqual({ id: 't', name: 'n' });
  });

  it('removes user names and passwords from URLs in any column', () => {
    expect(changeData('GitRepository', { remoteUrl: 'https://deploy:hunter2@git.example.net/x.git' })).toEqual({ remoteUrl: 'https://git.example.net/x.git' });
    expect(withoutCredentials('ssh://git@host/x.git')).toBe('ssh://host/x.git');
    expect(withoutCredentials('https://host/x.git')).toBe('https://host/x.git');
  });
});
