export declare const MANIFEST_FORMAT: number;
export declare function configArgs(args: readonly string[]): string[];
export declare function configFileOf(args: readonly string[], cwd: string, env: Record<string, string | undefined>): string;
export declare function pointerFile(configFile: string): string;
export declare function writePointer(configFile: string, manifestFile: string): void;
export declare function fingerprint(file: string): string;
export declare function findCompiled(configFile: string): { entry: string | null; reason: string };
