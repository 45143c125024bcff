import type { InputObjectRef } from '@pothos/core';
import type { FathomBuilder, FathomTypes } from './builder.ts';
import type { PeersInput } from './features.ts';

interface RelationshipInputs {
  peers: InputObjectRef<FathomTypes, PeersInput>;
  filter: InputObjectRef<FathomTypes, { key: string; peerIds: string[] }>;
}

const byBuilder = new WeakMap<FathomBuilder, RelationshipInputs>();

/**
 * The input types of the relationships feature, made once per builder: every subschema (core and plugin) that has a
 * model taking relationships gets its own identical copy, and the copies stitch as one.
 */
export function relationshipInputs(builder: FathomBuilder): RelationshipInputs {
  let refs = byBuilder.get(builder);
  if (refs) return refs;
  refs = {
    peers: builder.inputType('RelationshipPeersInput', {
      description: 'Every peer an object has in one relationship: the set replaces the current one (links to peers the caller cannot view stay).',
      fields: (t) => ({
        key: t.string({ required: true, description: 'The relationship’s key.' }),
        side: t.string({ required: false, description: 'source or destination; needed only when the object’s content type is at both ends.' }),
        peerIds: t.idList({ required: true, description: 'Ids of the objects at the other end; empty removes every link.' }),
      }),
    }) as InputObjectRef<FathomTypes, PeersInput>,
    filter: builder.inputType('RelationshipPeersFilter', {
      description: 'Objects linked through the relationship to any of these peers.',
      fields: (t) => ({ key: t.string({ required: true }), peerIds: t.idList({ required: true }) }),
    }) as InputObjectRef<FathomTypes, { key: string; peerIds: string[] }>,
  };
  byBuilder.set(builder, refs);
  return refs;
}
