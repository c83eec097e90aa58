import { styleText } from 'node:util';
import type { OperationStatus } from '../../constants';

type Format = Parameters<typeof styleText>[0];

/** Colours text, or leaves it alone: colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
export interface Style {
  enabled: boolean;
  paint(format: Format, text: string): string;
  status(status: OperationStatus): string;
}

const STATUS_COLOUR: Record<OperationStatus, 'cyan' | 'green' | 'red' | 'yellow'> = { RUNNING: 'cyan', SUCCEEDED: 'green', FAILED: 'red', CANCELLED: 'yellow' };

export function createStyle(isTty: boolean, environment: NodeJS.ProcessEnv): Style {
  const enabled = isTty && (environment.NO_COLOR === undefined || environment.NO_COLOR === '') && environment.TERM !== 'dumb';
  const paint = (format: Format, text: string) => (enabled ? styleText(format, text) : text);
  return { enabled, paint, status: (status) => paint(['bold', STATUS_COLOUR[status]], status) };
}
