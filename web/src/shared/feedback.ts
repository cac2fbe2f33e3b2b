/** POST /api/feedback {auditId, rating, comment?} — the feedback endpoint; a readable error on failure. */
export async function sendFeedback(
  server: string,
  token: string,
  auditId: string,
  rating: 'up' | 'down',
  comment?: string,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(new URL('/api/feedback', server || location.href).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(comment ? { auditId, rating, comment } : { auditId, rating }),
    });
  } catch {
    throw new Error('Could not send feedback (network).');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `Feedback not recorded (HTTP ${res.status}).`);
  }
}
