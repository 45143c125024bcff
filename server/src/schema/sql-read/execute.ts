import { formatPrismaCursor, type PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import { getOperationAST, visit, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FieldNode } from 'graphql';
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
 * computed value on a core type) are then filled by those resolvers, with the rows the statement also returned.
 * Root fields the planner or the SQL writer does not handle in full run through the resolvers beside the statement;
 * the tests hold both paths to the same answers.
 */
export function useSqlReads(options: SqlReadOptions): Plugin<RequestContext> {
  const index = new ModelIndex(options.dmmf);
  const plain = (model: string) => options.plainModels.has(model);
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (execution: ExecutionArgs) => {
        const planned = planOperation(execution, plain);
        if (!planned) return executeFn(execution);
        // Root fields the statement does not answer run through the resolvers at the same time, as an operation of
        // their own; an incremental delivery (@defer, @stream) among them keeps the whole operation there. Only a
        // root the planner gave up on can hold a directive, so this is known before any look-up is made.
        if (planned.some((r) => r.kind === 'resolvers') && asksForIncremental(execution.document)) return executeFn(execution);
        const ctx = execution.contextValue as RequestContext;
        const written = await write(planned, index, ctx, options.log);
        if (!written) return executeFn(execution);
        const { roots } = written;
        const aside = roots.flatMap((r) => (r.kind === 'resolvers' ? [r.field] : []));
        for (const r of roots) if (r.kind === 'resolvers') options.log.debug({ field: r.key, why: r.why }, 'root field answered by the resolvers');
        const beside = aside.length > 0 ? Promise.resolve(executeFn({ ...execution, document: withRoots(execution, aside) }) as ExecutionResult) : null;
        const answered = await answer(written, index, ctx, options.log);
        const rest = await beside;
        if (!answered) return executeFn(execution);
        if (!rest) return { data: answered };
        // A non-null root field that failed makes the whole data null, as it would have.
        if (!rest.data) return rest;
        const data: Row = {};
        for (const root of roots) data[root.key] = root.kind === 'resolvers' ? rest.data[root.key] : answered[root.key];
        return { ...rest, data };
      });
    },
  };
}

interface Written {
  /** The plan's roots, with those whose SQL could not be written handed to the resolvers. */
  roots: RootEntry[];
  /**
   * The statements: one on SQLite, whose one connection would run several one after the other anyway; one per root
   * field on PostgreSQL, sent at once over the pool, as the resolvers send theirs. Each names its columns `c<n>`.
   */
  parts: Array<{ st: Statement; columns: string[] }>;
  /** Where each list or object root's page (and count) is, as `c<n>`, in root order. */
  placed: Array<{ plan: ListPlan | null; page: number; count: number | null }>;
}

/**
 * The statements for a plan: one column per list page, count or object. A root the SQL writer cannot write in full
 * (a column type or filter it does not know) goes to the resolvers instead, with its parameters taken back; null
 * when none is left for a statement.
 */
async function write(planned: RootEntry[], index: ModelIndex, ctx: RequestContext, log: Logger): Promise<Written | null> {
  const dialect = dialectOf(ctx.provider);
  const written: Written = { roots: [], parts: [], placed: [] };
  const perms = ctx.auth.permissions;
  const scope = (model: string) => perms.where(model, 'view');
  let n = 0;
  for (const root of planned) {
    if (root.kind !== 'list' && root.kind !== 'one') {
      written.roots.push(root);
      continue;
    }
    const shared = ctx.provider === 'sqlite' ? written.parts[0] : undefined;
    const part = shared ?? { st: new Statement(dialect), columns: [] };
    const { st, columns } = part;
    const params = st.params.length;
    const tables = st.tables.length;
    const column = (sql: string) => (columns.push(`${sql} AS c${n}`), n++);
    try {
      if (root.kind === 'one') {
        written.placed.push({ plan: null, page: column(oneSql(st, index, root.node, root.id, scope)), count: null });
      } else {
        const { plan } = root;
        // A filter the resolver would refuse is refused there, with its own error.
        const where = await plan.list.where(plan.filter, ctx);
        const sql = listSql(st, index, plan, where, plan.list.orderBy(plan.orderBy), scope, systemOf(ctx).countedTables);
        written.placed.push({ plan, page: column(sql.page), count: sql.count === null ? null : column(sql.count) });
      }
      written.roots.push(root);
      if (!shared) written.parts.push(part);
    } catch (error) {
      if (!(error instanceof Unsupported)) log.debug({ err: error }, 'one-statement read not planned');
      st.params.length = params;
      st.tables.length = tables;
      written.roots.push({ key: root.key, kind: 'resolvers', field: root.field, why: error instanceof Error ? error.message : String(error) });
    }
  }
  return written.parts.length > 0 ? written : null;
}

/** The data of the statements' roots, or null to run the operation through the resolvers. */
async function answer({ roots, parts, placed }: Written, index: ModelIndex, ctx: RequestContext, log: Logger): Promise<Row | null> {
  let row: Row;
  try {
    const prisma = systemOf(ctx).rootPrisma;
    const rows = await Promise.all(parts.map(({ st, columns }) => prisma.$queryRawUnsafe<Row[]>(`${SQL_READ_MARK} ${st.withSql()}SELECT ${columns.join(', ')}`, ...st.params)));
    row = Object.assign({}, ...rows.map((r) => r[0] ?? {})) as Row;
  } catch (error) {
    log.warn({ err: error }, 'a one-statement read failed; answering through the resolvers');
    return null;
  }
  let at = 0;
  const values = roots.map((root) => (root.kind === 'typename' ? root.value : root.kind === 'resolvers' ? null : parsed(row[`c${placed[at++]!.page}`])));
  if (!(await resolveFields(roots, values, ctx, index))) return null;
  const data: Row = {};
  at = 0;
  roots.forEach((root, i) => {
    if (root.kind === 'typename') data[root.key] = root.value;
    else if (root.kind !== 'resolvers') {
      const { plan, count } = placed[at++]!;
      data[root.key] = plan ? connection(plan, values[i] as Row[], count === null ? null : Number(row[`c${count}`])) : (values[i] ?? null);
    }
  });
  return data;
}

/** The operation with only the given root fields, for the resolvers to answer beside the statement. */
function withRoots(execution: ExecutionArgs, fields: FieldNode[]): DocumentNode {
  const operation = getOperationAST(execution.document, execution.operationName);
  return {
    ...execution.document,
    definitions: execution.document.definitions.map((d) => (d === operation ? { ...operation, selectionSet: { ...operation.selectionSet, selections: fields } } : d)),
  };
}

/** Whether a document asks for incremental delivery (`@defer`, `@stream`), kept per document: a parsed query is kept and sent again. */
const incrementalDocuments = new WeakMap<DocumentNode, boolean>();
function asksForIncremental(document: DocumentNode): boolean {
  let found = incrementalDocuments.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      Directive(node) {
        if (node.name.value === 'defer' || node.name.value === 'stream') found = true;
      },
    });
    incrementalDocuments.set(document, found);
  }
  return found;
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
