#if Hummingbird
import HTTPTypes
public import Hummingbird
import NIOCore
public import Prometheus
import TwilioJWT
public import TwilioTokenService
import TwilioWebhooks

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The token service's HTTP routes for Hummingbird 2: a thin layer that turns requests into ``TokenService`` calls and
/// its answers and refusals into responses.
///
/// Mount them in the standalone server or in an application's own router:
///
/// ```swift
/// let router = Router(context: TokenServiceRequestContext.self)
/// TokenServiceRoutes(service: service).register(on: router)
/// ```
///
/// Routes (docs/server.md has the request and response shapes):
/// - `POST /v1/token`: `{"profile", "identity"?, "room"?}` → `{"token", "identity", "profile", "expiresAt", "ttl",
///   "serverTime"}`.
/// - The quickstart-compatible routes, each serving the profile the configuration assigns it (404 when none):
///   `GET|POST /accessToken` (raw token, `text/plain`), `GET /token` (`{"identity", "token"}`) and `POST /token`
///   (`{"user_identity", "room_name", "create_room"?, "create_conversation"?}` → `{"token"}`).
/// - `GET /healthz`, `GET /readyz`, and `GET /metrics` when given a Prometheus registry.
///
/// Every token route authenticates first (after the per-IP limit), answers `Cache-Control: no-store`, and is covered
/// by the configured CORS allow-list; other methods on these paths (`PUT`, `PATCH`, `DELETE`, `TRACE`, and `GET` or
/// `HEAD` where the route has no `GET`) get 405 with `Allow`. Create the router with
/// `options: .autoGenerateHeadEndpoints` for `HEAD` on the `GET` routes, as RFC 9110 §9.3.2 asks of servers.
public struct TokenServiceRoutes<Context: RemoteAddressRequestContext>: Sendable {
    /// The service.
    public let service: TokenService
    /// The registry `/metrics` exports, or `nil` not to serve `/metrics` on this router.
    public let metrics: PrometheusCollectorRegistry?
    /// The server's drain: `/readyz` answers 503 once it has begun.
    public let drain: ConnectionDrain?

    /// Routes over `service`.
    public init(service: TokenService, metrics: PrometheusCollectorRegistry? = nil, drain: ConnectionDrain? = nil) {
        self.service = service
        self.metrics = metrics
        self.drain = drain
    }

    /// Adds the routes, with their CORS and response-header middleware, to `router`.
    public func register(on router: Router<Context>) {
        let service = self.service
        let group = router.group()
            .add(middleware: ResponseHeaders<Context>())
            .add(middleware: CORSAllowList<Context>(policy: { CORSPolicy(service.configuration.cors) }))

        for route in TokenRoute.allCases {
            group.on(RouterPath(route.path), method: HTTPRequest.Method(token: route.method)) { request, context in
                try await self.respond(route, request, context)
            }
        }
        group.get("healthz") { _, _ in Response(service.health()) }
        group.get("readyz") { _, _ in Response(service.readiness(draining: self.drain?.isDraining ?? false)) }
        if let metrics = self.metrics {
            group.get("metrics") { _, _ in Self.metricsResponse(metrics) }
        }

        // Preflight requests reach the CORS middleware through these; other methods get 405.
        let allowed: [(RouterPath, [HTTPRequest.Method])] =
            TokenRoute.paths.map { (RouterPath($0.path), $0.methods.map(HTTPRequest.Method.init(token:))) }
            + [("healthz", [.get]), ("readyz", [.get]), ("metrics", [.get])]
        for (path, methods) in allowed {
            if path == "metrics" && self.metrics == nil { continue }
            group.on(path, method: .options) { _, _ in Response(status: .noContent) }
            let allow = (methods + [.options]).map(\.rawValue).joined(separator: ", ")
            // HEAD of a GET route is the router's (`RouterOptions.autoGenerateHeadEndpoints`, which the standalone
            // server sets); of a route without GET it is 405 like the rest.
            let others: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .trace, .head]
            for method in others where !methods.contains(method) && !(method == .head && methods.contains(.get)) {
                group.on(path, method: method) { request, context in
                    var response = try ServiceErrorResponse(.methodNotAllowed(method.rawValue))
                        .response(from: request, context: context)
                    response.headers[.allow] = allow
                    return response
                }
            }
        }
    }

    // MARK: - Token routes

    /// A token route: 404 when unassigned, then the per-IP limit and the caller's credential, then the body (up to
    /// `server.max_body_bytes`; how long it may take is bounded by ``RequestBodyDeadline`` in the standalone server,
    /// and by Hummingbird's idle timeout), then the service's answer.
    func respond(_ route: TokenRoute, _ request: Request, _ context: Context) async throws -> Response {
        do {
            try self.service.checkServed(route)
            let forwardedFor = request.headers[values: .xForwardedFor]
            let principal = try await self.service.authenticateCaller(
                peer: context.remoteAddress?.ipAddress,
                forwardedFor: forwardedFor.isEmpty ? nil : forwardedFor.joined(separator: ","),
                authorization: request.headers[.authorization])
            let body = try await collectBody(request, limit: self.service.configuration.server.maximumBodyBytes)
            let query = request.uri.query
            return Response(
                try self.service.respond(
                    to: route,
                    TokenHTTPRequest(
                        query: query, contentType: request.headers[.contentType], body: Array(body.readableBytesView)),
                    principal: principal))
        } catch let error as ServiceError {
            throw ServiceErrorResponse(error)
        }
    }

    private static func metricsResponse(_ registry: PrometheusCollectorRegistry) -> Response {
        var buffer = ByteBuffer()
        buffer.writeBytes(registry.emitToBuffer())
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: buffer)
        )
    }
}

/// `Cache-Control: no-store` (RFC 9111 §5.2.2.5; RFC 6749 §5.1 asks it of every response carrying a token) and
/// `X-Content-Type-Options: nosniff` on every response of the token routes, errors included.
struct ResponseHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await respondRenderingErrors(request, context, next)
        for (name, value) in TokenHTTPResponse.tokenRouteHeaders {
            if let name = HTTPField.Name(name) { response.headers[name] = value }
        }
        return response
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, which proxies append the address they received a request from to.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
extension Response {
    /// A response the service wrote.
    init(_ response: TokenHTTPResponse) {
        var headers = HTTPFields()
        // The service writes its header names as constants, each a valid token (RFC 9110 §5.1); a name that is not
        // one is left out rather than trusted.
        for (name, value) in response.headers {
            if let name = HTTPField.Name(name) { headers.append(HTTPField(name: name, value: value)) }
        }
        self.init(
            status: HTTPResponse.Status(code: response.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}

extension HTTPRequest.Method {
    /// A token route's method, `GET` or `POST`.
    init(token method: String) {
        self = method == "GET" ? .get : .post
    }
}

#endif
