import { ProjectRiskApi } from '../../../shared/risk/project-risk-api';
import { stubProjectRiskApi } from '../../../shared/risk/testing/risk-fixtures';
import { RouteHarness } from '../../../shared/testing/route-harness';
import { projectsRoutes } from '../projects.routes';

/** A page of the projects feature in a router, signed in as `user`, with the HTTP backend under test control. */
export class ProjectsHarness extends RouteHarness {
  constructor() {
    super(
      [{ path: 'projets', children: projectsRoutes }],
      // The project page's risk block answers without HTTP: these tests check the projects' own requests.
      [{ provide: ProjectRiskApi, useValue: stubProjectRiskApi() }],
    );
  }
}
