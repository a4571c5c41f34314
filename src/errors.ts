// Exit codes are part of the CLI's contract (README "Exit codes").
export const EXIT = {
  ok: 0,
  input: 1, // a value broke a rule, or the target is not safe to write
  usage: 2, // unknown flag, missing flag value, bad command
  conflicts: 3, // upgrade left conflict markers to resolve
  updateAvailable: 4, // upgrade --check: a newer version is published
  offline: 5, // upgrade --check: the registry did not answer
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

/** An error the founder reads in their language (the message is picked when it is printed). */
export class UserError extends CliError {
  constructor(
    readonly text: Record<'es' | 'en', string>,
    exitCode: number = EXIT.input,
  ) {
    super(text.en, exitCode);
  }
}

/** Ctrl-C or a kill during writing: what was written is undone, and the exit code says which signal. */
export class InterruptedError extends UserError {
  constructor(
    readonly signal: NodeJS.Signals,
    text: Record<'es' | 'en', string>,
  ) {
    super(text, signal === 'SIGINT' ? EXIT.cancelled : 128 + (signal === 'SIGTERM' ? 15 : 1));
  }
}
