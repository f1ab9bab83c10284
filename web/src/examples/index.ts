// The examples menu: the talk in order, then beyond it.
import { BEYOND_EXAMPLES } from './beyond';
import { TALK_EXAMPLES } from './talk';
import type { Example } from './types';

export type { Example, ExpectedLine } from './types';

export const EXAMPLES: readonly Example[] = [...TALK_EXAMPLES, ...BEYOND_EXAMPLES];
export const DEFAULT_EXAMPLE = EXAMPLES[0];

export function findExample(id: string): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}
