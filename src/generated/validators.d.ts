/* Types of dist/src/generated/validators.js, which scripts/gen-validators.ts writes during the build. */
import type { ErrorObject } from 'ajv';

export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export declare const validateCatalog: CompiledValidator;
export declare const validateConfig: CompiledValidator;
/** The length of a string in code points, as the schemas' minLength counts it. */
export declare function codePointLength(s: string): number;
