import "server-only";
import { auth } from "@/lib/auth";
import { BffError } from "./bff-error";
import { errorResponse } from "./error-response";

/**
 * Every BFF handler runs inside this: no session → 401 JSON (never a redirect, never data);
 * any thrown error → its specific status and safe message, in the one error shape.
 */
export function withSession<Context>(handler: (request: Request, context: Context) => Promise<Response>) {
  return async (request: Request, context: Context): Promise<Response> => {
    try {
      const session = await auth();
      if (!session?.user) throw new BffError(401, "unauthenticated", "Sign in to use this API.");
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function jsonNoStore(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
