import type { Plugin } from 'graphql-yoga';
import { Kind, validate, visit, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * Operations that only touch core types and fields are valid against the core subschema on its own; they run
 * there directly instead of through the stitching gateway, which gives the same result without the cost of
 * delegation. Anything else (plugin fields, merged fields, introspection) goes through the gateway.
 * The decision is cached per parsed document, and documents are cached by yoga's parser.
 */
export function useCoreFastPath(core: GraphQLSchema): Plugin {
  const decisions = new WeakMap<DocumentNode, boolean>();
  const eligible = (document: DocumentNode): boolean => {
    const cached = decisions.get(document);
    if (cached !== undefined) return cached;
    let introspects = false;
    visit(document, {
      Field(node) {
        if (node.name.value.startsWith('__') && node.name.value !== '__typename') introspects = true;
      },
    });
    const ok =
      !introspects &&
      document.definitions.every((d) => d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) &&
      validate(core, document).length === 0;
    decisions.set(document, ok);
    return ok;
  };
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (eligible(args.document)) {
        // Same executor yoga would use, pointed at the core subschema.
        setExecuteFn((executionArgs) => executeFn({ ...executionArgs, schema: core }));
      }
    },
  };
}
