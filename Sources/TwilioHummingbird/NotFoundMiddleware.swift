#if Hummingbird
public import Hummingbird
import TwilioTokenService

/// Answers a request for a path no route has (Hummingbird's `HTTPError(.notFound)`) with the service's JSON error,
/// `{"error":{"code":"not_found",…}}`, and `Cache-Control: no-store`, like every other refusal. Add it to the router
/// before the routes.
public struct NotFoundMiddleware<Context: RequestContext>: RouterMiddleware {
    /// A middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            var response = try ServiceErrorResponse(
                ServiceError(status: 404, code: .notFound, "there is no such route")
            )
            .response(from: request, context: context)
            response.headers[.xContentTypeOptions] = "nosniff"
            return response
        }
    }
}
#endif
