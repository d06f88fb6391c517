// For the tests: the form's fields as a race to run, failing the test with the form's own words when they are not one.
import { getLandscape } from '@downhill/landscapes/text';
import { parseRoll, type Roll, type RollFields } from './roll-form.js';

export function rollOf(fields: RollFields): Roll {
  const parsed = parseRoll(fields, getLandscape);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.roll;
}
