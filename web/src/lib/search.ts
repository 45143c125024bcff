import { gql } from './api';
import { pickerLabel, pickerSelection, type ModelInfo } from './catalog';

export interface SearchHit {
  model: ModelInfo;
  total: number;
  objects: Array<{ id: string; label: string }>;
}

/**
 * Global search: the first `per` objects of every searchable model the user may view that match `q`, with how
 * many match in all, in one GraphQL request (core and plugin models alike, each through its own quick search).
 */
export async function searchEverything(catalog: readonly ModelInfo[], q: string, per = 5): Promise<SearchHit[]> {
  const models = catalog.filter((m) => m.searchable && m.actions.includes('view'));
  if (models.length === 0 || !q.trim()) return [];
  const fields = models.map((m, i) => `m${i}: ${m.plural}(first: ${per}, filter: { q: $q }) { totalCount edges { node { ${pickerSelection(m, catalog)} } } }`);
  const data = await gql(`query($q: String!) { ${fields.join(' ')} }`, { q: q.trim() });
  return models
    .map((model, i) => {
      const found = data[`m${i}`] as { totalCount: number; edges: Array<{ node: Record<string, unknown> }> };
      return { model, total: found.totalCount, objects: found.edges.map((e) => ({ id: String(e.node['id']), label: pickerLabel(model, catalog, e.node) })) };
    })
    .filter((hit) => hit.total > 0);
}
