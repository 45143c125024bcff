import { formatPrismaCursor, type PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestContext } from '../../context.ts';
import type { Logger } from '../../logger.ts';
import { systemOf } from '../../system.ts';
import { planOperation, type ListPlan, type RootEntry } from './plan.ts';
import { resolveFields } from './resolved.ts';
import { listSql, oneSql, ROW_ID } from './statement.ts';
import { dialectOf, Unsupported } from './dialect.ts';
import { ModelIndex, Statement } from './where.ts';

export interface SqlReadOptions {
  dmmf: PothosPrismaDatamodel;
  /** Models whose table and columns carry their Prisma names (no `@map`): the only ones written into SQL. */
  plainModels: ReadonlySet<string>;
  log: Logger;
}

type Row = Record<string, unknown>;

/** How the statements of this path start, so that they can be told apart in the database's logs and statistics. */
export const SQL_READ_MARK = '/* fathom sql-read */';

/**
 * The one-statement read path. A query made only of model lists, their columns and their plain
 * relations (the shape of most API reads and of every list page) is planned from the document, written as one SQL
 * statement that builds the response's JSON in the database, with the caller's view scope and the list's filter
 * as conditions, and answered without running a resolver. Scalar fields with resolvers of their own (a plugin's
 * computed value on a core type) are then filled by those resolvers, with the rows the statement also returned. Every other operation, and any the planner or the SQL
 * writer does not handle in full, runs through the resolvers as before; the tests hold both to the same answers.
 */
export function useSqlReads(options: SqlReadOptions): Plugin<RequestContext> {
  const index = new ModelIndex(options.dmmf);
  const plain = (model: string) => options.plainModels.has(model);
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (execution: ExecutionArgs) => {
        const roots = planOperation(execution, plain);
        const answered = roots ? await answer(roots, index, execution.contextValue as RequestContext, options.log) : null;
        return answered ?? executeFn(execution);
      });
    },
  };
}

/** The response of a planned operation, or null to run it through the resolvers. */
async function answer(roots: RootEntry[], index: ModelIndex, ctx: RequestContext, log: Logger): Promise<ExecutionResult | null> {
  const st = new Statement(dialectOf(ctx.provider));
  const columns: string[] = [];
  const placed: Array<{ plan: ListPlan | null; page: number; count: number | null }> = [];
  try {
    const perms = ctx.auth.permissions;
    const scope = (model: string) => perms.where(model, 'view');
    for (const root of roots) {
      if (root.kind === 'one') placed.push({ plan: null, page: columns.push(oneSql(st, index, root.node, root.id, scope)) - 1, count: null });
      if (root.kind !== 'list') continue;
      const { plan } = root;
      // A filter the resolver would refuse is refused there, with its own error.
      const where = await plan.list.where(plan.filter, ctx);
      const sql = listSql(st, index, plan, where, plan.list.orderBy(plan.orderBy), scope);
      placed.push({ plan, page: columns.push(sql.page) - 1, count: sql.count === null ? null : columns.push(sql.count) - 1 });
    }
  } catch (error) {
    if (!(error instanceof Unsupported)) log.debug({ err: error }, 'one-statement read not planned');
    return null;
  }
  let row: Row = {};
  try {
    if (columns.length > 0) {
      const rows = await systemOf(ctx).rootPrisma.$queryRawUnsafe<Row[]>(`${SQL_READ_MARK} SELECT ${columns.map((c, i) => `${c} AS c${i}`).join(', ')}`, ...st.params);
      row = rows[0] ?? {};
    }
  } catch (error) {
    log.warn({ err: error }, 'a one-statement read failed; answering through the resolvers');
    return null;
  }
  let list = 0;
  const values = roots.map((root) => (root.kind === 'typename' ? root.value : parsed(row[`c${placed[list++]!.page}`])));
  if (!(await resolveFields(roots, values, ctx, index))) return null;
  const data: Row = {};
  list = 0;
  roots.forEach((root, i) => {
    if (root.kind === 'typename') data[root.key] = root.value;
    else {
      const at = placed[list++]!;
      data[root.key] = at.plan ? connection(at.plan, values[i] as Row[], at.count === null ? null : Number(row[`c${at.count}`])) : (values[i] ?? null);
    }
  });
  return { data };
}

function parsed(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** A list's connection object, as the Relay resolvers shape it: at most `first` edges, cursors over the id. */
function connection(plan: ListPlan, page: Row[], total: number | null): Row {
  const more = page.length > plan.first;
  const rows = more ? page.slice(0, plan.first) : page;
  const cursors = rows.map((r) => formatPrismaCursor({ id: r[ROW_ID] }, 'id'));
  for (const r of rows) delete r[ROW_ID];
  const out: Row = {};
  for (const entry of plan.shape) {
    if (entry.kind === 'typename') out[entry.key] = entry.value;
    else if (entry.kind === 'totalCount') out[entry.key] = total;
    else if (entry.kind === 'edges') {
      out[entry.key] = rows.map((node, i) => {
        const edge: Row = {};
        for (const e of entry.entries) edge[e.key] = e.kind === 'typename' ? e.value : e.kind === 'cursor' ? cursors[i] : node;
        return edge;
      });
    } else {
      const info: Row = {};
      for (const e of entry.entries) {
        info[e.key] =
          e.kind === 'typename' ? e.value
          : e.kind === 'hasNextPage' ? more
          : e.kind === 'hasPreviousPage' ? plan.after !== null
          : e.kind === 'startCursor' ? (cursors[0] ?? null)
          : (cursors.at(-1) ?? null);
      }
      out[entry.key] = info;
    }
  }
  return out;
}
