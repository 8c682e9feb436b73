import { readFileSync } from 'node:fs';
import { cwaRisk, cwaRiskConfigSchema, DEFAULT_CWA_RISK_CONFIG, parseConfig } from '@healthtrace/encounters';
import { describe, expect, it } from 'vitest';

interface CwaCase {
  description: string;
  exposureWindows: {
    ageInDays: number;
    reportType: number;
    infectiousness: number;
    calibrationConfidence: number;
    scanInstances: { minAttenuation: number; typicalAttenuation: number; secondsSinceLastScan: number }[];
  }[];
  expTotalRiskLevel: number;
  expAgeOfMostRecentDateWithLowRisk: number | null;
  expAgeOfMostRecentDateWithHighRisk: number | null;
  expNumberOfDaysWithLowRisk: number;
  expNumberOfDaysWithHighRisk: number;
  expTotalMinimumDistinctEncountersWithLowRisk: number;
  expTotalMinimumDistinctEncountersWithHighRisk: number;
}

const suite = JSON.parse(readFileSync(new URL('../../../shared/vectors/cwa-risk-calculation.json', import.meta.url), 'utf8')) as {
  defaultRiskCalculationConfiguration: unknown;
  testCases: CwaCase[];
};

describe('Corona-Warn-App risk calculation (cwa-risk-calculation.json)', () => {
  const config = parseConfig(cwaRiskConfigSchema, suite.defaultRiskCalculationConfiguration, 'CWA config');

  it('has 29 cases and a default configuration equal to ours', () => {
    expect(suite.testCases).toHaveLength(29);
    expect(config).toEqual(DEFAULT_CWA_RISK_CONFIG);
  });

  it.each(suite.testCases.map((c, i) => [i, c.description, c] as const))('case %i: %s', (_i, _d, testCase) => {
    const result = cwaRisk(testCase.exposureWindows, config);
    expect({
      totalRiskLevel: result.totalRiskLevel,
      ageOfMostRecentDateWithLowRisk: result.ageOfMostRecentDateWithLowRisk,
      ageOfMostRecentDateWithHighRisk: result.ageOfMostRecentDateWithHighRisk,
      numberOfDaysWithLowRisk: result.numberOfDaysWithLowRisk,
      numberOfDaysWithHighRisk: result.numberOfDaysWithHighRisk,
      totalMinimumDistinctEncountersWithLowRisk: result.totalMinimumDistinctEncountersWithLowRisk,
      totalMinimumDistinctEncountersWithHighRisk: result.totalMinimumDistinctEncountersWithHighRisk,
    }).toEqual({
      totalRiskLevel: testCase.expTotalRiskLevel,
      ageOfMostRecentDateWithLowRisk: testCase.expAgeOfMostRecentDateWithLowRisk,
      ageOfMostRecentDateWithHighRisk: testCase.expAgeOfMostRecentDateWithHighRisk,
      numberOfDaysWithLowRisk: testCase.expNumberOfDaysWithLowRisk,
      numberOfDaysWithHighRisk: testCase.expNumberOfDaysWithHighRisk,
      totalMinimumDistinctEncountersWithLowRisk: testCase.expTotalMinimumDistinctEncountersWithLowRisk,
      totalMinimumDistinctEncountersWithHighRisk: testCase.expTotalMinimumDistinctEncountersWithHighRisk,
    });
  });
});
