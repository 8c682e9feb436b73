import { DASHBOARD_HTML } from '../dashboard/page';
import type { RouteRegistration } from '../http/context';

/**
 * `GET /dashboard`: the enterprise and health-authority web page (employee compliance, workplace risk assessment
 * form and history, venue warnings, the epidemiological map). A static page: it calls the public API from the
 * browser with the key typed into it, so the route itself needs no credentials.
 */
export const registerDashboardRoutes: RouteRegistration = (app) => {
  app.get('/dashboard', (c) =>
    c.body(DASHBOARD_HTML, 200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    }),
  );
};
