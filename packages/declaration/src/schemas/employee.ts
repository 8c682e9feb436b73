/**
 * Employee daily health check (workplace variant of the domestic form, `Đơn vị công tác`,
 * `Bộ phận làm việc`): who, which department, the six symptoms and three exposure questions.
 */
import * as z from 'zod/mini';
import { isoDate, strictObject, text, yesNoGroup } from './common';
import { DOMESTIC_EXPOSURES, DOMESTIC_SYMPTOMS, type DomesticExposure, type DomesticSymptom } from './domestic';

/** An employee daily health check (output of {@link employeeDeclarationSchema}). */
export interface EmployeeDeclaration {
  /** The day being reported. */
  date: string;
  /** The employer's id for the employee. */
  employeeId: string;
  /** `Bộ phận làm việc`. */
  department: string;
  /** `Đơn vị công tác` (employer), optional. */
  employer?: string | undefined;
  /** Symptoms (same six as the domestic form). */
  symptoms: Record<DomesticSymptom, boolean>;
  /** Exposure questions (same three as the domestic form). */
  exposure: Record<DomesticExposure, boolean>;
}

/**
 * The employee daily check schema (`$id` `https://healthtrace.dev/schemas/declaration/employee/v1.json`).
 *
 * @example
 * ```ts
 * const result = employeeDeclarationSchema.safeParse(input);
 * ```
 */
export const employeeDeclarationSchema: z.ZodMiniType<EmployeeDeclaration, unknown> = /* @__PURE__ */ (() =>
  strictObject({
    date: isoDate(),
    employeeId: text(64),
    department: text(100),
    employer: z.optional(text(200)),
    symptoms: yesNoGroup(DOMESTIC_SYMPTOMS),
    exposure: yesNoGroup(DOMESTIC_EXPOSURES),
  }))();
