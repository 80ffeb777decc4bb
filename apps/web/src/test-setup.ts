import 'jest-canvas-mock';
// jsdom has no ResizeObserver, which chart.js uses for responsive charts (on many pages now).
import './app/shared/testing/resize-observer';
import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv();
