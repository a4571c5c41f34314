// Exit codes are part of the CLI's contract (README "Exit codes").
export const EXIT = {
  ok: 0,
  input: 1, // a value broke a rule, or the target is not safe to write
  usage: 2, // unknown flag, missing flag value, bad command
  conflicts: 3, // upgrade left conflict markers to resolve
  cancelled: 130, // Ctrl-C at a prompt
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.input,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export class CancelledError extends CliError {
  constructor(message: string) {
    super(message, EXIT.cancelled);
  }
}
