import { methodNotAllowed } from "@/lib/bff/error-response";
import { withSession } from "@/lib/bff/with-session";
import { lastHeardVersion, liveEventStream } from "@/lib/live/event-stream";
import { liveFeed } from "@/lib/live/live-feed";

export const dynamic = "force-dynamic";

export const GET = withSession(async (request: Request) =>
  liveEventStream(liveFeed(), request.signal, lastHeardVersion(request.headers.get("last-event-id")), {
    heartbeatMs: 15_000,
    lifetimeMs: 60_000,
    retryMs: 500,
  }),
);

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
