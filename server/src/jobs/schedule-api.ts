import type { FieldError } from '../errors.ts';
import type { JobDefinition } from '../plugins/definition.ts';
import type { Contribution } from '../plugins/registry.ts';
import type { FathomBuilder } from '../schema/builder.ts';
import { addModelApi } from '../schema/crud.ts';
import { findJob } from './execute.ts';
import { canRun, readJobInput } from './graphql.ts';
import { crontabProblem, INTERVALS, nextRun } from './schedules.ts';

/**
 * Scheduled jobs: a plugin job with its input, run once at a time or again and again (hourly, daily, weekly from
 * the start time, or by a cron expression), as the user who last saved the schedule. Whoever saves it must be
 * allowed to run the job; each run checks that user again.
 */
export function addScheduledJobTypes(builder: FathomBuilder, jobs: ReadonlyArray<Contribution<JobDefinition>>): void {
  addModelApi(builder, {
    model: 'ScheduledJob',
    label: 'Scheduled job',
    type: { hide: ['userId'], descriptions: { userName: 'Who the job runs as: the user who last saved the schedule.', lastRun: 'When it last started a run.' } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      plugin: { kind: 'string', required: true, maxLength: 100, description: 'The plugin whose job it runs.' },
      job: { kind: 'string', required: true, maxLength: 100 },
      input: { kind: 'string', maxLength: 65_536, description: 'The job’s input, a JSON object (checked against the job’s fields).' },
      interval: { kind: 'string', choices: INTERVALS, description: 'once (at the start time), hourly, daily, weekly (from the start time), or custom (the cron expression).' },
      crontab: { kind: 'string', maxLength: 100, label: 'Cron expression', description: 'For custom: five fields (minute hour day month weekday), or six with seconds first; in UTC.' },
      startAt: { kind: 'string', label: 'Start at', description: 'ISO date and time; now when left out.' },
      enabled: { kind: 'boolean' },
    },
    unique: [['name']],
    filters: { job: { type: '[String!]', where: (v: string[]) => ({ job: { in: v } }) } },
    search: ['name', 'job', 'plugin'],
    orderFields: ['name', 'startAt', 'lastRun', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
    prepare: (data, ctx, existing) => {
      const errors: FieldError[] = [];
      const plugin = String(data['plugin'] ?? existing?.['plugin'] ?? '');
      const name = String(data['job'] ?? existing?.['job'] ?? '');
      const job = findJob(jobs, plugin, name);
      if (!job) errors.push({ field: 'job', code: 'NOT_FOUND', message: `No job ${plugin}/${name}.` });
      else if (!canRun(ctx, job.value)) errors.push({ field: 'job', code: 'FORBIDDEN', message: 'You may not run this job, so you may not schedule it.' });
      else {
        let raw: unknown = {};
        try {
          raw = JSON.parse(String(data['input'] ?? existing?.['input'] ?? '{}'));
        } catch {
          errors.push({ field: 'input', code: 'INVALID', message: 'Input must be JSON.' });
        }
        const read = readJobInput(job.value, raw);
        errors.push(...read.errors.map((e) => ({ ...e, field: e.field ? `input.${e.field}` : 'input' })));
        data['input'] = JSON.stringify(read.input);
      }
      const interval = String(data['interval'] ?? existing?.['interval'] ?? 'once');
      const crontab = String(data['crontab'] ?? existing?.['crontab'] ?? '');
      if (interval === 'custom') {
        const problem = crontabProblem(crontab);
        if (problem) errors.push({ field: 'crontab', code: 'INVALID', message: problem });
      }
      if (typeof data['startAt'] === 'string') {
        const at = new Date(data['startAt']);
        if (Number.isNaN(at.getTime())) errors.push({ field: 'startAt', code: 'INVALID', message: 'Give an ISO date and time, e.g. 2026-12-01T06:00:00Z.' });
        else data['startAt'] = at;
      } else if (!existing) data['startAt'] = new Date();
      // The job runs as whoever saved the schedule last: nobody can make a job run as someone else.
      data['userId'] = ctx.auth.user?.id ?? null;
      data['userName'] = ctx.auth.user?.username ?? '';
      return errors;
    },
  });
  builder.prismaObjectField('ScheduledJob', 'nextRun', (t) =>
    t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it runs next, as things stand; null when it will not run again.',
      select: { id: true, plugin: true, job: true, input: true, interval: true, crontab: true, startAt: true, enabled: true, userId: true, userName: true, lastRun: true, totalRuns: true },
      resolve: (s) => nextRun(s, new Date()),
    }),
  );
}
