import type { ReportScheduleResponse } from '@esms/api-contract';

import { adminOnly, MatrixFile, onlyRoles } from '../support/matrix';

const READERS = ['CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR'] as const;

async function createSchedule(admin: Parameters<NonNullable<MatrixFile['prepare']>>[1], name: string): Promise<string> {
  const response = await admin.post('/api/reports/schedules', {
    name,
    frequency: 'MENSUEL',
    dayOfMonth: 3,
    formats: ['csv'],
    regionCodes: ['53'],
  });
  if (response.status !== 201) throw new Error(`Planification : ${response.status} ${JSON.stringify(response.body)}`);
  return (response.body as ReportScheduleResponse).id;
}

/** Scheduled reports: national, managed by the CNSA administrators, read by analysts and auditors. */
export const matrix: MatrixFile = {
  prepare: async (_app, admin) => ({
    'report-schedule': await createSchedule(admin, `Matrice — planification ${Date.now()}`),
    'report-schedule:delete': await createSchedule(admin, `Matrice — planification à supprimer ${Date.now()}`),
  }),
  entries: {
    'GET /api/reports/schedules': { path: () => '/api/reports/schedules', expect: onlyRoles(200, ...READERS) },
    'POST /api/reports/schedules': {
      path: () => '/api/reports/schedules',
      body: ({ run }) => ({ name: `Matrice ${run}`, frequency: 'HEBDOMADAIRE', dayOfWeek: 2, formats: ['pdf'] }),
      expect: adminOnly(201),
    },
    'PATCH /api/reports/schedules/:id': {
      path: ({ ids }) => `/api/reports/schedules/${ids['report-schedule']}`,
      body: () => ({ version: 1, hour: 9 }),
      expect: adminOnly(200),
    },
    'POST /api/reports/schedules/:id/run': {
      path: ({ ids }) => `/api/reports/schedules/${ids['report-schedule']}/run`,
      expect: adminOnly(202),
    },
    'GET /api/reports/schedules/:id/runs': {
      path: ({ ids }) => `/api/reports/schedules/${ids['report-schedule']}/runs`,
      expect: onlyRoles(200, ...READERS),
    },
    'DELETE /api/reports/schedules/:id': {
      path: ({ ids }) => `/api/reports/schedules/${ids['report-schedule:delete']}`,
      expect: adminOnly(204),
    },
  },
};
