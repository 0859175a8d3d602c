export interface Command {
  readonly summary: string;
  run(args: readonly string[]): Promise<number>;
}

/** Registered commands; each area adds its own (parse, validate, ack, format, convert, start). */
export const commands: Record<string, Command> = {};

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: edigw <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}
