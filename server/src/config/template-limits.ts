/** How much one template may cost; every field has a setting under `templates` in the config. */
export interface TemplateLimits {
  /** MiniJinja fuel: roughly one unit per instruction the template executes. */
  fuel: number;
  /** Wall-clock budget of one render, data transfer included; past it the render thread is stopped. */
  timeoutMs: number;
  /** Longest output, in characters. */
  maxOutputChars: number;
  /** Longest template source, in characters. */
  maxSourceChars: number;
  /** Memory of the sandbox's WebAssembly instance, in MiB; a template that needs more fails. */
  maxMemoryMb: number;
}

export const DEFAULT_TEMPLATE_LIMITS: TemplateLimits = { fuel: 2_000_000, timeoutMs: 2_000, maxOutputChars: 10_000_000, maxSourceChars: 65_536, maxMemoryMb: 256 };
