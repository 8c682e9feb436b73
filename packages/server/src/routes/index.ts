import type { RouteRegistration } from '../http/context';
import { registerAggregateRoutes } from './aggregates';
import { registerApiDocsRoutes } from './api-docs';
import { registerBluezoneRoutes } from './bluezone';
import { registerDashboardRoutes } from './dashboard';
import { registerDeclarationRoutes } from './declarations';
import { registerExportRoutes } from './exports';
import { registerHealthRoutes } from './health';
import { registerKeyServerRoutes } from './key-server';
import { registerPublicKeyRoutes } from './public-keys';
import { registerScimRoutes } from './scim';
import { registerTenantRoutes } from './tenants';
import { registerVenueRoutes } from './venues';
import { registerWebhookRoutes } from './webhooks';

/**
 * Every route module of the server, one line each. Each area (declarations, venues,
 * key server, enterprises, SCIM, aggregates…) lives in its own file in this folder.
 */
export const routeRegistrations: readonly RouteRegistration[] = [
  registerHealthRoutes,
  registerApiDocsRoutes,
  registerDeclarationRoutes,
  registerVenueRoutes,
  registerPublicKeyRoutes,
  registerKeyServerRoutes,
  registerExportRoutes,
  registerBluezoneRoutes,
  registerTenantRoutes,
  registerWebhookRoutes,
  registerScimRoutes,
  registerAggregateRoutes,
  registerDashboardRoutes,
];
