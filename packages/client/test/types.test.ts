import { describe, expectTypeOf, it } from 'vitest';
import type { components, DeclarationSubmission, HealthtraceClient, Problem, paths } from '../src/index';

describe('generated request and response types', () => {
  it('types declaration submissions by their schema', () => {
    expectTypeOf<DeclarationSubmission['type']>().toEqualTypeOf<'domestic' | 'entry' | 'daily' | 'movement' | 'checkin' | 'employee'>();
    expectTypeOf<Extract<DeclarationSubmission, { type: 'daily' }>['data']>().toEqualTypeOf<
      components['schemas']['DailyHealthMonitoring']
    >();
  });
  it('types responses and problem details', () => {
    type Receipt = paths['/v1/declarations']['post']['responses']['201']['content']['application/json'];
    expectTypeOf<Receipt['id']>().toEqualTypeOf<string>();
    expectTypeOf<Problem['code']>().toEqualTypeOf<string>();
    type GetVenue = Awaited<ReturnType<HealthtraceClient['api']['GET']>>;
    expectTypeOf<GetVenue>().toHaveProperty('response');
  });
  it('requires path parameters', () => {
    const api = {} as HealthtraceClient['api'];
    const call = (): unknown => api.GET('/v1/venues/{venueId}', { params: { path: { venueId: 'abc' } } });
    expectTypeOf(call).toBeFunction();
    // @ts-expect-error venueId is required
    const bad = (): unknown => api.GET('/v1/venues/{venueId}', { params: { path: {} } });
    expectTypeOf(bad).toBeFunction();
  });
});
