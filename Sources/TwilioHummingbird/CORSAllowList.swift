#if Hummingbird
import HTTPTypes
import Hummingbird
import TwilioTokenService

/// CORS for the token routes from an exact allow-list of origins: the service's ``TwilioTokenService/CORSPolicy``.
///
/// Hummingbird's own `CORSMiddleware` takes its allow-list as variadic arguments (`.oneOf("a", "b")`), which a list
/// read from a config file cannot be passed as, and answers every preflight with the allowed methods and headers.
struct CORSAllowList<Context: RequestContext>: RouterMiddleware {
    let policy: @Sendable () -> CORSPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let origin = request.headers[.origin]
        let policy = self.policy()
        if let origin,
            CORSPolicy.isPreflight(
                method: request.method.rawValue, origin: origin,
                requestMethod: request.headers[.accessControlRequestMethod])
        {
            return Response(policy.preflightResponse(origin: origin))
        }
        var response = try await respondRenderingErrors(request, context, next)
        for (name, value) in policy.responseHeaders(origin: origin) {
            if name == "Vary" {
                response.headers[values: .vary].append(value)
            } else if let name = HTTPField.Name(name) {
                response.headers[name] = value
            }
        }
        return response
    }
}
#endif
