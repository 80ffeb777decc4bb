import type { Browser } from 'playwright-core';

import { launchBrowser } from './support/browser';
import { describePagesOf, ROLES_OF_SHELL_ROLES } from './support/shell-pages';

/**
 * The pages of the auditor, the ARS officer and the GRADeS member (the public pages and the CNSA's are in
 * shell.e2e-spec.ts): the same checks, run by the other jest worker with its own Chromium.
 */
describe('Chaque page, pour l’auditeur, l’ARS et le GRADeS : coquille DSFR, titre, 0 violation axe, capture', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
  });

  describePagesOf(ROLES_OF_SHELL_ROLES, () => browser);
});
