import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/**
 * ioredis and BullMQ, loaded when Redis is first used: a server without Redis (the embedded default) never loads
 * them, which saves about 0.3 s of start-up and their memory.
 */
export const ioredis = (): typeof import('ioredis') => load('ioredis') as typeof import('ioredis');
export const bullmq = (): typeof import('bullmq') => load('bullmq') as typeof import('bullmq');
