import { execute, getOperationAST, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Mutations run on graphql-js's own executor. yoga's default (graphql-tools') adds incremental delivery, which the
 * served schema does not offer (it declares neither `@defer` nor `@stream`), at about 25 µs a create in a profile.
 * Reads keep it: the one-statement path answers most of them without an executor.
 */
export function useMutationExecutor(): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args: ExecutionArgs) => (getOperationAST(args.document, args.operationName)?.operation === 'mutation' ? execute(args) : executeFn(args)));
    },
  };
}
