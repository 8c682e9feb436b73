/** Daily health monitoring (`khai báo hằng ngày`): the five states of the Bluezone daily form. */
import * as z from 'zod/mini';
import { addIssue, firstDuplicate, isoDate, SCHEMA_ISSUE_CODES, strictObject } from './common';

/** The five states, in the order of their `StateID` 1–5 (`Sốt`, `Ho`, `Khó thở`, `Đau người, mệt mỏi`, `Khỏe mạnh`). */
export const DAILY_STATES: readonly ['fever', 'cough', 'dyspnoea', 'bodyPainFatigue', 'healthy'] = [
  'fever',
  'cough',
  'dyspnoea',
  'bodyPainFatigue',
  'healthy',
];

/** A daily state. */
export type DailyState = (typeof DAILY_STATES)[number];

/** A daily health-monitoring declaration (output of {@link dailyDeclarationSchema}). */
export interface DailyDeclaration {
  /** The day being reported. */
  date: string;
  /** One or more states; `healthy` cannot be combined with a symptom. */
  states: DailyState[];
}

/**
 * The daily monitoring schema (`$id` `https://healthtrace.dev/schemas/declaration/daily/v1.json`).
 *
 * @example
 * ```ts
 * dailyDeclarationSchema.parse({ date: '2021-05-20', states: ['healthy'] });
 * ```
 */
export const dailyDeclarationSchema: z.ZodMiniType<DailyDeclaration, unknown> = /* @__PURE__ */ (() =>
  strictObject({
    date: isoDate(),
    states: z.array(z.enum(DAILY_STATES)).check(z.minLength(1), z.maxLength(5)),
  }).check(
    z.superRefine(({ states }, ctx) => {
      if (!Array.isArray(states)) return;
      const dup = firstDuplicate(states);
      if (dup >= 0) addIssue(ctx, SCHEMA_ISSUE_CODES.duplicate, ['states', dup], states[dup]);
      if (states.includes('healthy') && states.length > 1) addIssue(ctx, SCHEMA_ISSUE_CODES.healthyExclusive, ['states'], states);
    }),
  ))();
