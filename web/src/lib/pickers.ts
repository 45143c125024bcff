import { gql } from './api';
import { pickerLabel, pickerSelection, type ModelInfo } from './catalog';

export type PickerOption = { id: string; label: string };

/**
 * Objects of `target` for a picker, labelled with their context: the first 20 matching the quick search `q`, or
 * exactly the objects `ids` names (to label the values a URL or a form already holds).
 */
export async function searchObjects(target: ModelInfo, catalog: readonly ModelInfo[], q: string, ids?: readonly string[]): Promise<PickerOption[]> {
  const filter = ids ? { id: ids } : { q };
  const data = await gql(`query($filter: ${target.model}Filter) { list: ${target.plural}(first: ${ids ? ids.length : 20}, filter: $filter) { edges { node { ${pickerSelection(target, catalog)} } } } }`, { filter });
  return data['list'].edges.map((e: { node: Record<string, unknown> }) => ({ id: String(e.node['id']), label: pickerLabel(target, catalog, e.node) }));
}
