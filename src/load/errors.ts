/** An input that cannot be linted. The CLI prints it as one line and exits 2. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    message: string,
    /** `note`: reported, but the run still succeeds (a registry module that `terraform init` has not downloaded). */
    readonly level: 'error' | 'note' = 'error',
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** `file: message`, the one line the user sees. */
  get line(): string {
    return `${this.file}: ${this.message}`;
  }
}
