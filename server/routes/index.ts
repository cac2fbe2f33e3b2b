import type { App } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import * as auth from './auth.ts';
import * as chat from './chat.ts';
import * as customers from './customers.ts';
import * as escalations from './escalations.ts';
import * as feedback from './feedback.ts';
import * as health from './health.ts';
import * as insights from './insights.ts';
import * as recommendations from './recommendations.ts';
import * as search from './search.ts';
import * as web from './web.ts';

/**
 * Every route module, registered in this order by createApp. Each exports `register(app, deps)`.
 * Teams add their module with one import + one entry (chat, insights, feedback, web static).
 * Static/catch-all routes (the RM console at `/`) must stay last.
 */
export interface RouteModule {
  register(app: App, deps: AppDeps): void;
}

export const ROUTES: RouteModule[] = [
  health,
  auth,
  search,
  customers,
  recommendations,
  insights,
  chat,
  feedback,
  escalations,
  web,
];
