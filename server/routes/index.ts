import type { AppDeps } from '../deps.ts';
import type { App } from '../http/env.ts';
import { authRoutes } from './auth.ts';
import { chatRoutes } from './chat.ts';
import { customerRoutes } from './customers.ts';
import { embedCheckRoutes } from './embed-check.ts';
import { escalationRoutes } from './escalations.ts';
import { feedbackRoutes } from './feedback.ts';
import { healthRoutes } from './health.ts';
import { insightRoutes } from './insights.ts';
import { recommendationRoutes } from './recommendations.ts';
import { searchRoutes } from './search.ts';
import { webRoutes } from './web.ts';

/**
 * Every route group, mounted at `/` in this order by createApp. The static web UI (a catch-all
 * for the console's files) stays last.
 */
export function routeGroups(deps: AppDeps): App[] {
  return [
    healthRoutes(deps),
    authRoutes(deps),
    searchRoutes(deps),
    customerRoutes(deps),
    recommendationRoutes(deps),
    insightRoutes(deps),
    chatRoutes(deps),
    feedbackRoutes(deps),
    escalationRoutes(deps),
    embedCheckRoutes(deps),
    webRoutes(),
  ];
}
