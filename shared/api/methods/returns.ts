/** Declares the output type of a method without a runtime schema (outputs come from our own backend). */
export function returns<T>(): T {
  return undefined as unknown as T
}

/** The shape every method entry has. */
export interface MethodSpec {
  input: import('zod').ZodType
  output: unknown
}
