// Subcommands that live in their own modules (train, generate), registered when present.
import type { Command } from 'commander';

export async function registerExtraCommands(program: Command): Promise<void> {
  void program;
}
