import type { S3Client } from '@aws-sdk/client-s3';

interface Recorded {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

/** A command class, as passed to `client.send(new X(...))`; only its name is used. */
type CommandClass<Input> = abstract new (input: Input) => unknown;

/**
 * Records every command an S3 client sends (name and input, before serialisation), how many of
 * each are in flight at most, and how many completed.
 */
export function recordCommands(client: S3Client) {
  const sent: Recorded[] = [];
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const completed = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      sent.push({ name, input: args.input as Record<string, unknown> });
      const now = (inFlight.get(name) ?? 0) + 1;
      inFlight.set(name, now);
      maxInFlight.set(name, Math.max(now, maxInFlight.get(name) ?? 0));
      try {
        const output = await next(args);
        completed.set(name, (completed.get(name) ?? 0) + 1);
        return output;
      } finally {
        inFlight.set(name, (inFlight.get(name) ?? 1) - 1);
      }
    },
    { step: 'initialize', name: 'testCommandRecorder' },
  );
  return {
    names: () => sent.map((call) => call.name),
    inputs<Input>(command: CommandClass<Input>): Input[] {
      return sent.filter((call) => call.name === command.name).map((call) => call.input as Input);
    },
    maxInFlight: (command: CommandClass<never>) => maxInFlight.get(command.name) ?? 0,
    completed: (command: CommandClass<never>) => completed.get(command.name) ?? 0,
  };
}
