/**
 * Why an embedded widget cannot reach or use the assistant, in words a site owner can act on.
 * Asks POST /api/embed/check (open to every origin, token as text/plain so there is no CORS
 * preflight); undefined when everything is in order or the check itself cannot be reached (then
 * the failure really is the network's).
 */
import type { EmbedCheck, EmbedProblem } from '../../../domain/api/embed-check.ts';

function embedProblemText(problem: EmbedProblem, check: Pick<EmbedCheck, 'origin' | 'customerId'>): string {
  const origin = check.origin ?? 'this page';
  switch (problem) {
    case 'origin_not_allowed':
      return `This site (${origin}) is not allowed to use the assistant. The site owner needs to add ${origin} to MERIDIAN_CORS_ORIGINS on the Meridian server.`;
    case 'token_missing':
      return 'This page has no sign-in token for the assistant. The site owner needs to set the token attribute of <meridian-chat> to a customer token.';
    case 'token_expired':
      return 'The sign-in token on this page has expired. Reload the page for a new one; site owners mint tokens with POST /api/auth/customer-token.';
    case 'token_invalid':
      return 'The sign-in token on this page was not issued by this Meridian server. The site owner needs to mint one with POST /api/auth/customer-token.';
    case 'customer_not_found':
      return `The sign-in token is for customer ${check.customerId ?? '(unknown)'}, who is not known to the Meridian server. The site owner needs to mint a token for an existing customer.`;
  }
}

export async function checkEmbedding(
  server: string,
  token: string,
  options: { timeoutMs?: number; fetchImpl?: typeof fetch } = {},
): Promise<string | undefined> {
  try {
    const res = await (options.fetchImpl ?? fetch)(new URL('/api/embed/check', server || location.href), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: token,
      signal: AbortSignal.timeout(options.timeoutMs ?? 8000),
    });
    if (!res.ok) return undefined;
    const check = (await res.json()) as EmbedCheck;
    if (check.ok || !Array.isArray(check.problems)) return undefined;
    return check.problems.map((p) => embedProblemText(p, check)).join(' ');
  } catch {
    return undefined;
  }
}
