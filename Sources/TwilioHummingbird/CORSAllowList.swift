#if Hummingbird
public import HTTPTypes
public import Hummingbird

/// CORS for the token routes from an exact allow-list of origins (the Fetch standard's CORS protocol,
/// https://fetch.spec.whatwg.org/#http-cors-protocol).
///
/// An allowed origin gets `Access-Control-Allow-Origin` with its own value, never `*`, and no
/// `Access-Control-Allow-Credentials` (callers authenticate with an `Authorization` header, not cookies). An origin
/// not on the list gets no CORS header at all, so the browser withholds the response; a preflight from it gets 403.
/// Every response says `Vary: Origin`, so that a cache never serves one origin's answer to another.
///
/// Hummingbird's own `CORSMiddleware` takes its allow-list as variadic arguments (`.oneOf("a", "b")`), which a list
/// read from a config file cannot be passed as, and answers every preflight with the allowed methods and headers.
struct CORSAllowList<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: @Sendable () -> [String]
    /// The methods and request headers a preflight may ask for.
    let allowMethods = "GET, POST, OPTIONS"
    let allowHeaders = "Authorization, Content-Type"
    /// How long a browser may cache a preflight answer.
    let maxAge = "600"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let origin = request.headers[.origin] else {
            var response = try await respondRenderingErrors(request, context, next)
            response.headers[values: .vary].append("Origin")
            return response
        }
        let allowed = origin != "null" && self.allowedOrigins().contains(origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            guard allowed else {
                return Response(status: .forbidden, headers: [.vary: "Origin", .cacheControl: "no-store"])
            }
            return Response(
                status: .noContent,
                headers: [
                    .accessControlAllowOrigin: origin,
                    .accessControlAllowMethods: self.allowMethods,
                    .accessControlAllowHeaders: self.allowHeaders,
                    .accessControlMaxAge: self.maxAge,
                    .vary: "Origin",
                ]
            )
        }
        var response = try await respondRenderingErrors(request, context, next)
        if allowed {
            response.headers[.accessControlAllowOrigin] = origin
        }
        response.headers[values: .vary].append("Origin")
        return response
    }
}
#endif
