import type { Finding, Rule } from '../engine/types.js';

/** An input that could not be linted, reported beside the findings. */
export interface InputProblem {
  readonly file: string;
  readonly message: string;
  /** `error` fails the run (exit 2); `note` is said and nothing more. */
  readonly level: 'error' | 'note';
}

/** Problems that make the run fail. */
export function failures(problems: readonly InputProblem[]): number {
  return problems.filter((p) => p.level === 'error').length;
}

/** Everything a reporter needs; reporters only format it. */
export interface ReportInput {
  readonly findings: readonly Finding[];
  /** The rules that ran, in ID order. */
  readonly rules: readonly Rule[];
  readonly problems: readonly InputProblem[];
  readonly version: string;
  /** Text of each file findings point at, for line hashes and snippets. */
  readonly sources: ReadonlyMap<string, string>;
  /** True when the run compared against a baseline. */
  readonly baseline?: boolean;
  /** SARIF `automationDetails.id` category (--category), for several analyses of one repository. */
  readonly category?: string;
  /**
   * Findings name files from the working directory; SARIF and GitHub annotations name them from the root of
   * the repository each is in, as GitHub reads them. Files not listed, or in no repository, keep their name.
   */
  readonly repositoryPaths?: ReadonlyMap<string, string>;
}

/** A file as a report for GitHub names it: from the root of its repository. */
export function fromRepositoryRoot(file: string, input: ReportInput): string {
  return input.repositoryPaths?.get(file) ?? file;
}
