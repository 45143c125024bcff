import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import { changeRecord, recordChange } from '../changelog/change-log.ts';
import type { CommittedChange, RequestContext } from '../context.ts';
import type { FieldError } from '../errors.ts';
import { readCustomFields } from '../custom-fields/values.ts';
import { systemOf } from '../system.ts';
import type { PeersInput } from './features.ts';
import { checkFormFields, formFieldsGiven, FormFieldRefused, saveFormFields } from './form-fields.ts';
import { checkUnique, clashWithin, constraintError, DEFINITION_MODELS, missingRefs, OutsideScope, readInput, runValidators } from './input.ts';
import type { ModelApiSpec } from './model-spec.ts';
import { rowOf } from './sql-write/insert.ts';

/** Most objects one bulk mutation takes: larger lists are refused whole, before anything is read. */
export const MAX_BULK_ITEMS = 1000;

export interface Payload {
  record: Record<string, unknown> | null;
  errors: FieldError[];
}

/** One object of a bulk write: its place in the list, the object as written (null if nothing was), its problems. */
export interface BulkResult extends Payload {
  index: number;
}

export interface BulkPayload {
  /** Whether every object was valid; when false (or on a dry run) nothing was written. */
  ok: boolean;
  dryRun: boolean;
  results: BulkResult[];
}

interface Prepared {
  input: Record<string, unknown>;
  existing: Record<string, unknown> | null;
  data: Record<string, unknown>;
  refs: Parameters<typeof missingRefs>[1];
  links: { save: (txCtx: RequestContext, objectId: string) => Promise<void> } | null;
}

class DryRunDone extends Error {}

class ItemFailed extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('a bulk item failed');
  }
}

/**
 * Writes of one model: checks that need the database (custom field definitions, a status's content types,
 * references the caller cannot see in full, plugin validators) first, then one transaction holding the writes, the
 * constrained permission's check of each row as written, and their change records. Uniqueness and references the
 * caller may see in full are left to the database's constraints and named in field errors when they fail.
 */
export function modelWriter(spec: ModelApiSpec, options: { logged: boolean; relationships: boolean; direct: boolean; contentTypeOf: (ctx: RequestContext) => string }) {
  const Model = spec.model;

  const check = async (ctx: RequestContext, input: Record<string, unknown>, existing: Record<string, unknown> | null): Promise<{ errors: FieldError[]; prepared: Prepared | null }> => {
    const { data, errors, refs } = await readInput(spec, input, ctx, existing ? 'update' : 'create');
    if (spec.customFields) errors.push(...(await readCustomFields(ctx, Model, input['customFields'], data, existing)));
    if (errors.length === 0 && spec.prepare) errors.push(...(await spec.prepare(data, ctx, existing)));
    errors.push(...(await checkFormFields(ctx, spec, input, existing)));
    const links = options.relationships
      ? await systemOf(ctx).relationships.check(ctx, options.contentTypeOf(ctx), input['relationships'] as PeersInput[] | null | undefined, existing as { id: string } | null)
      : null;
    if (links) errors.push(...links.errors);
    if (errors.length === 0) errors.push(...(await runValidators(ctx, Model, data, existing)));
    // Input that is refused anyway gets every problem reported at once, unchecked references included.
    if (errors.length > 0) return { errors: [...errors, ...(await missingRefs(ctx, refs))], prepared: null };
    return { errors: [], prepared: { input, existing, data, refs, links } };
  };

  const persist = async (txCtx: RequestContext, p: Prepared): Promise<{ record: Record<string, unknown>; change: CommittedChange | null }> => {
    const scope = txCtx.auth.permissions.where(Model, p.existing ? 'change' : 'add');
    const row = p.existing ? await spec.delegate(txCtx).update({ where: { id: p.existing['id'] }, data: p.data }) : await spec.delegate(txCtx).create({ data: p.data });
    // A constrained permission must still hold for the object as written; otherwise nothing is kept.
    if (scope && (await spec.delegate(txCtx).count({ where: { AND: [{ id: row['id'] }, scope] } })) === 0) throw new OutsideScope();
    await saveFormFields(txCtx, spec, p.input, row, p.existing ? 'update' : 'create');
    await p.links?.save(txCtx, String(row['id']));
    return { record: row, change: options.logged ? await recordChange(txCtx, spec.model, spec.display ?? 'name', p.existing ? 'update' : 'create', row) : null };
  };

  /**
   * Creates written with plain INSERTs of the rows and their change records, all or none, with no Prisma create and
   * no interactive transaction: for a model read through its own delegate, by a caller who may add any such object
   * with a token that may write, with data of columns alone (no form fields, relationship links or relation writes).
   * Null when any of that does not hold for any of them, or when the database refuses a row: the ordinary path
   * then writes them, or names what is wrong, as it always has.
   */
  const direct = async (ctx: RequestContext, items: readonly Prepared[]): Promise<Array<{ record: Record<string, unknown>; change: CommittedChange | null }> | null> => {
    const inserts = systemOf(ctx).inserts;
    if (!inserts || !options.direct || !ctx.auth.writeEnabled || ctx.auth.permissions.scope(Model, 'add').kind !== 'all') return null;
    const plan = inserts.plan(Model);
    const changePlan = options.logged ? inserts.plan('ObjectChange') : undefined;
    if (!plan || (options.logged && !changePlan)) return null;
    const now = new Date();
    const written: Array<{ record: Record<string, unknown>; change: Record<string, unknown> | null }> = [];
    for (const p of items) {
      if (p.existing || formFieldsGiven(spec, p.input) || ((p.input['relationships'] as unknown[] | null | undefined) ?? []).length > 0) return null;
      const record = rowOf(plan, p.data, now);
      if (!record) return null;
      const change = changePlan ? rowOf(changePlan, changeRecord(ctx, Model, spec.display ?? 'name', 'create', record), now) : null;
      if (changePlan && !change) return null;
      written.push({ record, change });
    }
    // The objects' rows in one INSERT, then their change records in another.
    const rows = [...written.map((w) => ({ plan, row: w.record })), ...written.flatMap((w) => (w.change && changePlan ? [{ plan: changePlan, row: w.change }] : []))];
    try {
      if (!(await inserts.write(rows))) return null;
    } catch (error) {
      ctx.log.debug({ err: error, model: Model }, 'a direct insert was refused; the write goes through Prisma');
      return null;
    }
    return written.map((w) => ({ record: w.record, change: w.change as CommittedChange | null }));
  };

  /** Field errors for a failure the caller can act on; null for one that is the server's (rethrown). */
  const explain = async (ctx: RequestContext, error: unknown, p: Prepared): Promise<FieldError[] | null> => {
    if (error instanceof FormFieldRefused) return error.errors;
    if (error instanceof OutsideScope) {
      const action = p.existing ? 'change' : 'add';
      return [{ field: '', code: 'FORBIDDEN', message: `You may not ${action} a ${Model} with these values: it would fall outside the objects your permissions cover.` }];
    }
    if (error instanceof PrismaClientKnownRequestError && error.code === 'P2002') {
      const named = await checkUnique(spec, p.data, p.existing, ctx);
      if (named.length > 0) return named;
    }
    if (error instanceof PrismaClientKnownRequestError && error.code === 'P2003') {
      const named = await missingRefs(ctx, p.refs);
      if (named.length > 0) return named;
    }
    return constraintError(spec, error) ?? null;
  };

  const committed = async (ctx: RequestContext, changes: ReadonlyArray<CommittedChange | null>) => {
    if (DEFINITION_MODELS.has(Model)) await systemOf(ctx).definitions.changed();
    const recorded = changes.filter((c): c is CommittedChange => c !== null);
    if (recorded.length > 0) systemOf(ctx).changes.committed(recorded, systemOf(ctx).definitions.standing());
  };

  const write = async (ctx: RequestContext, input: Record<string, unknown>, existing: Record<string, unknown> | null): Promise<Payload> => {
    const { errors, prepared } = await check(ctx, input, existing);
    if (!prepared) return { record: null, errors };
    const [written] = (await direct(ctx, [prepared])) ?? [];
    if (written) {
      await committed(ctx, [written.change]);
      return { record: written.record, errors: [] };
    }
    try {
      const { record, change } = await ctx.prisma.$transaction(async (tx) => persist({ ...ctx, prisma: tx as RequestContext['prisma'] }, prepared));
      await committed(ctx, [change]);
      return { record, errors: [] };
    } catch (error) {
      const named = await explain(ctx, error, prepared);
      if (named) return { record: null, errors: named };
      throw error;
    }
  };

  /**
   * Many writes as one: every object is checked first and, if any is refused, each gets its field errors and
   * nothing is written. Otherwise one transaction writes them in order; a database refusal of one (a duplicate
   * inside the list, say) undoes them all and is reported at that object. A dry run does everything but commit.
   */
  const writeMany = async (ctx: RequestContext, items: ReadonlyArray<{ input: Record<string, unknown>; existing: Record<string, unknown> | null }>, dryRun: boolean): Promise<BulkPayload> => {
    const checked: Array<{ errors: FieldError[]; prepared: Prepared | null }> = [];
    for (const item of items) checked.push(await check(ctx, item.input, item.existing));
    const nothing = (errorsAt: (i: number) => FieldError[]): BulkPayload => ({ ok: false, dryRun, results: checked.map((_, index) => ({ index, record: null, errors: errorsAt(index) })) });
    if (checked.some((c) => !c.prepared)) return nothing((i) => checked[i]?.errors ?? []);
    const prepared = checked.map((c) => c.prepared as Prepared);
    const inserted = dryRun ? null : await direct(ctx, prepared);
    if (inserted) {
      await committed(ctx, inserted.map((w) => w.change));
      return { ok: true, dryRun, results: inserted.map((w, index) => ({ index, record: w.record, errors: [] })) };
    }
    try {
      const written = await ctx.prisma.$transaction(
        async (tx) => {
          const txCtx: RequestContext = { ...ctx, prisma: tx as RequestContext['prisma'] };
          const out: Array<{ record: Record<string, unknown>; change: CommittedChange | null }> = [];
          for (const [index, p] of prepared.entries()) {
            try {
              out.push(await persist(txCtx, p));
            } catch (cause) {
              throw new ItemFailed(index, cause);
            }
          }
          if (dryRun) throw new DryRunDone();
          return out;
        },
        { timeout: 60_000 },
      );
      await committed(ctx, written.map((w) => w.change));
      return { ok: true, dryRun, results: written.map((w, index) => ({ index, record: w.record, errors: [] })) };
    } catch (error) {
      if (error instanceof DryRunDone) return { ok: true, dryRun, results: prepared.map((_, index) => ({ index, record: null, errors: [] })) };
      if (!(error instanceof ItemFailed)) throw error;
      const within = error.cause instanceof PrismaClientKnownRequestError && error.cause.code === 'P2002' ? clashWithin(spec, prepared, error.index) : [];
      const named = within.length > 0 ? within : await explain(ctx, error.cause, prepared[error.index] as Prepared);
      if (!named) throw error.cause;
      return nothing((i) => (i === error.index ? named : []));
    }
  };

  const forget = async (txCtx: RequestContext, id: string): Promise<CommittedChange | null> => {
    const deleted = await spec.delegate(txCtx).delete({ where: { id } });
    if (options.relationships) await systemOf(txCtx).relationships.forget(txCtx, options.contentTypeOf(txCtx), id);
    return options.logged ? recordChange(txCtx, spec.model, spec.display ?? 'name', 'delete', deleted) : null;
  };

  const remove = async (ctx: RequestContext, id: string): Promise<{ deletedId: string | null; errors: FieldError[] }> => {
    try {
      const change = await ctx.prisma.$transaction(async (tx) => forget({ ...ctx, prisma: tx as RequestContext['prisma'] }, id));
      await committed(ctx, [change]);
      return { deletedId: id, errors: [] };
    } catch (error) {
      const mapped = constraintError(spec, error);
      if (mapped) return { deletedId: null, errors: mapped };
      throw error;
    }
  };

  /** Delete many as one: all go, or (the first refusal reported at its place) none. */
  const removeMany = async (ctx: RequestContext, ids: readonly string[], dryRun: boolean): Promise<{ ok: boolean; dryRun: boolean; results: Array<{ index: number; deletedId: string | null; errors: FieldError[] }> }> => {
    try {
      const changes = await ctx.prisma.$transaction(
        async (tx) => {
          const txCtx: RequestContext = { ...ctx, prisma: tx as RequestContext['prisma'] };
          const out: Array<CommittedChange | null> = [];
          for (const [index, id] of ids.entries()) {
            try {
              out.push(await forget(txCtx, id));
            } catch (cause) {
              throw new ItemFailed(index, cause);
            }
          }
          if (dryRun) throw new DryRunDone();
          return out;
        },
        { timeout: 60_000 },
      );
      await committed(ctx, changes);
      return { ok: true, dryRun, results: ids.map((id, index) => ({ index, deletedId: id, errors: [] })) };
    } catch (error) {
      if (error instanceof DryRunDone) return { ok: true, dryRun, results: ids.map((_, index) => ({ index, deletedId: null, errors: [] })) };
      if (!(error instanceof ItemFailed)) throw error;
      const mapped = constraintError(spec, error.cause);
      if (!mapped) throw error.cause;
      return { ok: false, dryRun, results: ids.map((_, index) => ({ index, deletedId: null, errors: index === error.index ? mapped : [] })) };
    }
  };

  return { write, writeMany, remove, removeMany };
}
