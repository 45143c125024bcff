import { gql } from './api';
import { pickerSelection, RELATED_FIELDS, selection, type ModelInfo, type Related } from './catalog';

/**
 * Every GraphQL operation of the generic views, built from the catalog in one place: the names a model's API uses
 * (`devices`, `DeviceFilter`, `createDevice`, `CreateDeviceInput`…) follow the server's conventions here and
 * nowhere else. Each returns plain data.
 */

type Node = Record<string, unknown>;
interface Page {
  rows: Node[];
  total: number;
  hasNext: boolean;
  endCursor: string | null;
}

/** The query of a list page (and of the CSV export, which asks for every column). */
export function listPageQuery(model: ModelInfo, catalog: readonly ModelInfo[], columns?: ReadonlySet<string>): string {
  return `query($first: Int, $after: String, $filter: ${model.model}Filter, $orderBy: [${model.model}Order!]) {
      list: ${model.plural}(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { ${selection(model, catalog, false, columns)} } }
      } }`;
}

/** One page of a model's list, filtered and ordered; with `columns`, only those fields (and id and display) are asked for. */
export async function listPage(
  model: ModelInfo,
  catalog: readonly ModelInfo[],
  args: { first: number; after: string | null; filter: Record<string, unknown>; orderBy: Array<{ field: string; direction: string }> | null },
  columns?: ReadonlySet<string>,
): Promise<Page> {
  const data = await gql(listPageQuery(model, catalog, columns), args);
  const list = data['list'];
  return { rows: list.edges.map((e: { node: Node }) => e.node), total: list.totalCount, hasNext: list.pageInfo.hasNextPage, endCursor: list.pageInfo.endCursor };
}

/** The export templates of a model's content type, by name. */
export async function exportTemplateNames(contentType: string): Promise<string[]> {
  const data = await gql(`query($ct: [String!]) { exportTemplates(first: 100, filter: { contentType: $ct }) { edges { node { name } } } }`, { ct: [contentType] });
  return (data['exportTemplates'].edges as Array<{ node: { name: string } }>).map((e) => e.node.name);
}

/** Render an export template over a list as filtered and ordered (every page of it, on the server). */
export async function renderListExport(
  model: ModelInfo,
  args: { filter: Record<string, unknown>; orderBy: Array<{ field: string; direction: string }> | null; name: string },
): Promise<{ output: string | null; error: string | null; mimeType: string; count: number } | null> {
  const data = await gql(
    `query($filter: ${model.model}Filter, $orderBy: [${model.model}Order!], $name: String!) {
      list: ${model.plural}(first: 1, filter: $filter, orderBy: $orderBy) { exportTemplate(name: $name) { output error mimeType count } } }`,
    args,
  );
  return data['list'].exportTemplate ?? null;
}

/** The query of one object's detail view (with `extra`, of its form). */
export function objectQuery(model: ModelInfo, catalog: readonly ModelInfo[], extra = ''): string {
  return `query($id: ID!) { object: ${model.singular}(id: $id) { ${selection(model, catalog, true)} ${extra} } }`;
}

/** One object with what its detail view (or, with `extra`, its form) shows; null when the user cannot see it. */
export async function loadObject(model: ModelInfo, catalog: readonly ModelInfo[], id: string, extra = ''): Promise<Node | null> {
  const data = await gql(objectQuery(model, catalog, extra), { id });
  return (data['object'] as Node | null) ?? null;
}

/** The first `first` objects of a model matching `filter`, with the total, selected as `fields`. */
export async function findObjects(model: ModelInfo, filter: Record<string, unknown>, first: number, fields: string): Promise<{ rows: Node[]; total: number }> {
  const data = await gql(`query($filter: ${model.model}Filter) { list: ${model.plural}(first: ${first}, filter: $filter) { totalCount edges { node { ${fields} } } } }`, { filter });
  return { rows: data['list'].edges.map((e: { node: Node }) => e.node), total: data['list'].totalCount };
}

/** Objects for a picker: matching the quick search `q`, or exactly those `ids` names. */
export function pickerObjects(model: ModelInfo, catalog: readonly ModelInfo[], q: string, ids?: readonly string[]): Promise<{ rows: Node[]; total: number }> {
  return findObjects(model, ids ? { id: ids } : { q }, ids ? ids.length : 20, pickerSelection(model, catalog));
}

/** The first `per` matches of `q` in each of `models`, with totals, in one request. */
export async function searchModels(models: readonly ModelInfo[], catalog: readonly ModelInfo[], q: string, per: number): Promise<Array<{ rows: Node[]; total: number }>> {
  const fields = models.map((m, i) => `m${i}: ${m.plural}(first: ${per}, filter: { q: $q }) { totalCount edges { node { ${pickerSelection(m, catalog)} } } }`);
  const data = await gql(`query($q: String!) { ${fields.join(' ')} }`, { q });
  return models.map((_m, i) => ({ rows: data[`m${i}`].edges.map((e: { node: Node }) => e.node), total: data[`m${i}`].totalCount }));
}

export interface WriteResult {
  id: string | null;
  errors: Array<{ field: string; message: string }>;
}

/** Create an object, or update the one `id` names; field errors come back, nothing is thrown for them. */
export async function saveObject(model: ModelInfo, id: string | null, input: Record<string, unknown>): Promise<WriteResult> {
  const operation = id
    ? `mutation($id: ID!, $input: Update${model.model}Input!) { r: update${model.model}(id: $id, input: $input) { record: ${model.singular} { id } errors { field message } } }`
    : `mutation($input: Create${model.model}Input!) { r: create${model.model}(input: $input) { record: ${model.singular} { id } errors { field message } } }`;
  const data = await gql(operation, { id, input });
  return { id: data['r'].record?.id ?? null, errors: data['r'].errors };
}

/** Delete an object; the messages say why not, when it cannot be. */
export async function deleteObject(model: ModelInfo, id: string): Promise<string[]> {
  const data = await gql(`mutation($id: ID!) { r: delete${model.model}(id: $id) { deletedId errors { message } } }`, { id });
  return data['r'].errors.map((e: { message: string }) => e.message);
}

export interface CustomLink {
  name: string;
  text: string;
  url: string | null;
  group: string;
  buttonClass: string;
  newWindow: boolean;
}

/** An object's custom links, rendered by the server (only links whose URL a page may follow have one). */
export async function customLinksOf(model: ModelInfo, id: string): Promise<CustomLink[]> {
  const data = await gql(`query($model: String!, $id: ID!) { links: objectCustomLinks(model: $model, objectId: $id) { name text url group buttonClass newWindow } }`, { model: model.model, id });
  return data['links'] as CustomLink[];
}

export interface JobButton {
  plugin: string;
  name: string;
  label: string;
}

/** Jobs that run on one object of `model` from its detail page, which the caller may run. */
export async function jobButtonsFor(model: ModelInfo): Promise<JobButton[]> {
  const data = await gql(`{ jobs { plugin name label allowed buttons } }`, {});
  return (data['jobs'] as Array<JobButton & { allowed: boolean; buttons: string[] }>).filter((j) => j.allowed && j.buttons.includes(model.model));
}

/** Start a job on one object; the job result's id, or the reason it did not start. */
export async function runJobOn(job: JobButton, objectId: string): Promise<{ id: string | null; error: string | null }> {
  const data = await gql(`mutation($plugin: String!, $job: String!, $input: String) { r: runJob(plugin: $plugin, job: $job, input: $input) { jobResult { id } errors { message } } }`, {
    plugin: job.plugin,
    job: job.name,
    input: JSON.stringify({ objectId }),
  });
  const r = data['r'] as { jobResult: { id: string } | null; errors: Array<{ message: string }> };
  return { id: r.jobResult?.id ?? null, error: r.errors[0]?.message ?? null };
}

/** The relationships a new object of `model` can stand in (empty peers): what its create form offers. */
export async function relationshipSides(model: ModelInfo): Promise<Related[]> {
  const data = await gql(`query($model: String!) { sides: relationshipSides(model: $model) { ${RELATED_FIELDS} } }`, { model: model.model });
  return data['sides'] as Related[];
}

/** Every content type label (`dcim.device`, `example.examplebgpsession`…), sorted. */
export async function contentTypeList(): Promise<string[]> {
  const data = await gql(`{ contentTypes { label } }`, {});
  return (data['contentTypes'] as Array<{ label: string }>).map((c) => c.label);
}

export interface CustomFieldDefinition {
  name: string;
  label: string;
  type: string;
  required: boolean;
  description: string;
  choices: string[];
}

/** The custom fields objects of `model` carry, as forms show them. */
export async function customFieldDefinitions(model: ModelInfo): Promise<CustomFieldDefinition[]> {
  const data = await gql(`query($model: String!) { fields: customFieldDefinitions(model: $model) { name label type required description choices } }`, { model: model.model });
  return data['fields'] as CustomFieldDefinition[];
}

export interface ChangeRow {
  id: string;
  time: string;
  userName: string;
  action: string;
  contentType: string;
  objectId: string;
  objectRepr: string;
}

/** One page of the change log, newest first; `before` is the time of the last change already shown. */
export async function changeLogPage(filter: { contentType: string | null; action: string | null; userName: string | null; before: string | null; last: number }): Promise<ChangeRow[]> {
  const data = await gql(
    `query($contentType: String, $action: String, $userName: String, $before: DateTime, $last: Int) {
      changes: objectChanges(contentType: $contentType, action: $action, userName: $userName, before: $before, last: $last) { id time userName action contentType objectId objectRepr }
    }`,
    filter,
  );
  return data['changes'] as ChangeRow[];
}

export interface ChangeDetail extends ChangeRow {
  requestId: string;
  before: string | null;
  after: string | null;
}

/** One change with the object's state before and after it; null when it does not exist or the caller may not view it. */
export async function changeDetail(id: string): Promise<ChangeDetail | null> {
  const data = await gql(`query($id: ID!) { change: objectChange(id: $id) { id time userName action contentType objectId objectRepr requestId before after } }`, { id });
  return (data['change'] as ChangeDetail | null) ?? null;
}

export interface BulkOutcome {
  ok: boolean;
  /** Per object, at its place in the list: its problems (empty when it was fine). */
  results: Array<{ index: number; errors: Array<{ field: string; message: string }> }>;
}

/** Create many objects in one transaction (all or none); with `dryRun`, check them and write nothing. */
export async function bulkCreate(model: ModelInfo, inputs: ReadonlyArray<Record<string, unknown>>, dryRun: boolean): Promise<BulkOutcome> {
  const data = await gql(
    `mutation($inputs: [Create${model.model}Input!]!, $dryRun: Boolean) { r: bulkCreate${model.model}(inputs: $inputs, dryRun: $dryRun) { ok results { index errors { field message } } } }`,
    { inputs, dryRun },
  );
  return data['r'];
}

/** Update many objects, each with its input, in one transaction (all or none). */
export async function bulkUpdate(model: ModelInfo, items: ReadonlyArray<{ id: string; input: Record<string, unknown> }>): Promise<BulkOutcome> {
  const data = await gql(`mutation($items: [BulkUpdate${model.model}Item!]!) { r: bulkUpdate${model.model}(items: $items) { ok results { index errors { field message } } } }`, { items });
  return data['r'];
}

/** Delete many objects in one transaction (all or none). */
export async function bulkDelete(model: ModelInfo, ids: readonly string[]): Promise<BulkOutcome> {
  const data = await gql(`mutation($ids: [ID!]!) { r: bulkDelete${model.model}(ids: $ids) { ok results { index errors { field message } } } }`, { ids });
  return data['r'];
}
