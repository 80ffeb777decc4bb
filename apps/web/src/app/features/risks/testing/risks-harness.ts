import { RouteHarness } from '../../../shared/testing/route-harness';
import { alertsRoutes } from '../../alerts/alerts.routes';
import { risksRoutes } from '../risks.routes';

/** A page of « Risques » or « Alertes » in a router, signed in as `user`, with the HTTP backend under test control. */
export class RisksHarness extends RouteHarness {
  constructor() {
    super([
      { path: 'risques', children: risksRoutes },
      { path: 'alertes', children: alertsRoutes },
    ]);
  }
}
