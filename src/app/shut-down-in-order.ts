import type { Logger } from 'pino';

/** Closes each part in order; a failing step is logged and the next one still runs (BullMQ Worker.close). */
export async function shutDownInOrder(
  steps: { name: string; close: () => Promise<unknown> }[],
  logger: Logger,
): Promise<void> {
  for (const step of steps) {
    try {
      await step.close();
    } catch (error) {
      logger.warn({ step: step.name, err: error }, 'shutdown step failed');
    }
  }
}
