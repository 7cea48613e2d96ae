#if TokenService
/// CORS for the token routes from an exact allow-list of origins (the Fetch standard's CORS protocol,
/// https://fetch.spec.whatwg.org/#http-cors-protocol), whatever the framework.
///
/// An allowed origin gets `Access-Control-Allow-Origin` with its own value, never `*`, and no
/// `Access-Control-Allow-Credentials` (callers authenticate with an `Authorization` header, not cookies). An origin
/// not on the list, and `null`, get no CORS header at all, so the browser withholds the response; a preflight from
/// one gets 403. Every response says `Vary: Origin`, so that a cache never serves one origin's answer to another.
public struct CORSPolicy: Sendable, Hashable {
    /// The exact origins allowed (`https://app.example.com`).
    public let allowedOrigins: [String]

    /// The methods a preflight may ask for.
    public static let allowMethods = "GET, POST, OPTIONS"
    /// The request headers a preflight may ask for.
    public static let allowHeaders = "Authorization, Content-Type"
    /// How long a browser may cache a preflight answer, in seconds.
    public static let maxAge = "600"

    /// A policy over `settings.allowedOrigins`.
    public init(_ settings: CORSSettings) {
        self.allowedOrigins = settings.allowedOrigins
    }

    /// Whether a request with this `Origin` may read the response.
    public func allows(origin: String) -> Bool {
        origin != "null" && self.allowedOrigins.contains(origin)
    }

    /// Whether a request is a CORS preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`.
    public static func isPreflight(method: String, origin: String?, requestMethod: String?) -> Bool {
        method == "OPTIONS" && origin != nil && requestMethod != nil
    }

    /// The answer to a preflight from `origin`: 204 with the allowed methods and headers, or 403 with no CORS header.
    public func preflightResponse(origin: String) -> TokenHTTPResponse {
        guard self.allows(origin: origin) else {
            return TokenHTTPResponse(
                status: 403, headers: [("Vary", "Origin"), ("Cache-Control", "no-store")], body: [])
        }
        return TokenHTTPResponse(
            status: 204,
            headers: [
                ("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Methods", Self.allowMethods),
                ("Access-Control-Allow-Headers", Self.allowHeaders), ("Access-Control-Max-Age", Self.maxAge),
                ("Vary", "Origin"),
            ],
            body: [])
    }

    /// The headers to add to the response of a request (not a preflight) with this `Origin`, or none: `Vary: Origin`
    /// always, and `Access-Control-Allow-Origin` for an allowed origin.
    public func responseHeaders(origin: String?) -> [(name: String, value: String)] {
        guard let origin, self.allows(origin: origin) else { return [("Vary", "Origin")] }
        return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
    }
}
#endif
