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
            .add(middleware: CORSAllowList<Context>(allowedOrigins: { service.configuration.cors.allowedOrigins }))

        group.post("v1/token") { request, context in try await self.token(request, context) }
        group.get("accessToken") { request, context in try await self.accessToken(request, context) }
        group.post("accessToken") { request, context in try await self.accessToken(request, context) }
        group.get("token") { request, context in try await self.tokenGet(request, context) }
        group.post("token") { request, context in try await self.tokenPost(request, context) }
        group.get("healthz") { _, _ in Self.json(.ok, [("status", .string("ok"))]) }
        group.get("readyz") { _, _ in self.readiness() }
        if let metrics = self.metrics {
            group.get("metrics") { _, _ in Self.metricsResponse(metrics) }
        }

        // Preflight requests reach the CORS middleware through these; other methods get 405.
        let allowed: [(RouterPath, [HTTPRequest.Method])] = [
            ("v1/token", [.post]), ("accessToken", [.get, .post]), ("token", [.get, .post]), ("healthz", [.get]),
            ("readyz", [.get]), ("metrics", [.get]),
        ]
        for (path, methods) in allowed {
            if path == "metrics" && self.metrics == nil { continue }
            group.on(path, method: .options) { _, _ in Response(status: .noContent) }
            let allow = (methods + [.options]).map(\.rawValue).joined(separator: ", ")
            // HEAD of a GET route is the router's (`RouterOptions.autoGenerateHeadEndpoints`, which the standalone
            // server sets); of a route without GET it is 405 like the rest.
            let others: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .trace, .head]
            for method in others where !methods.contains(method) && !(method == .head && methods.contains(.get)) {
                group.on(path, method: method) { request, context in
                    var response = try ServiceErrorResponse(
                        ServiceError(
                            status: 405, code: .methodNotAllowed, "this route does not take \(method.rawValue)")
                    ).response(from: request, context: context)
                    response.headers[.allow] = allow
                    return response
                }
            }
        }
    }

    // MARK: - Token routes

    /// `POST /v1/token`.
    func token(_ request: Request, _ context: Context) async throws -> Response {
        let principal = try await self.authenticate(request, context)
        let body = try await self.jsonBody(request, context)
        try Self.onlyMembers(body, ["profile", "identity", "room"])
        guard let profile = try Self.string(body, "profile") else {
            throw ServiceErrorResponse(.invalidRequestMember("`profile` is required"))
        }
        let tokenRequest = TokenRequest(
            profile: profile, identity: try Self.string(body, "identity"), room: try Self.string(body, "room"))
        let issued = try self.issue(tokenRequest, for: principal)
        return Self.json(
            .ok,
            [
                ("token", .string(issued.token)), ("identity", .string(issued.identity)),
                ("profile", .string(issued.profile)), ("expiresAt", .integer(issued.expiresAt)),
                ("ttl", .integer(issued.ttl)), ("serverTime", .integer(issued.issuedAt)),
            ]
        )
    }

    /// `GET|POST /accessToken`: the Voice iOS and Android quickstarts' route; the raw token as `text/plain`.
    func accessToken(_ request: Request, _ context: Context) async throws -> Response {
        let profile = try self.compatibilityProfile(\.accessToken)
        let principal = try await self.authenticate(request, context)
        var identity = try Self.queryValue(request, "identity")
        if request.method == .post, identity == nil {
            identity = try await self.formIdentity(request, context)
        }
        let issued = try self.issue(TokenRequest(profile: profile, identity: identity), for: principal)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: issued.token))
        )
    }

    /// `GET /token`: the Voice JavaScript SDK quickstart's route; `{"identity", "token"}`.
    func tokenGet(_ request: Request, _ context: Context) async throws -> Response {
        let profile = try self.compatibilityProfile(\.tokenGet)
        let principal = try await self.authenticate(request, context)
        let identity = try Self.queryValue(request, "identity")
        let issued = try self.issue(TokenRequest(profile: profile, identity: identity), for: principal)
        return Self.json(.ok, [("identity", .string(issued.identity)), ("token", .string(issued.token))])
    }

    /// `POST /token`: twilio-video-app-react's route; `{"token"}`.
    func tokenPost(_ request: Request, _ context: Context) async throws -> Response {
        let profile = try self.compatibilityProfile(\.tokenPost)
        let principal = try await self.authenticate(request, context)
        let body = try await self.jsonBody(request, context)
        try Self.onlyMembers(body, ["user_identity", "room_name", "create_room", "create_conversation"])
        let configuration = self.service.configuration
        let roomFromRequest = configuration.profiles[profile]?.video?.roomFromRequest ?? false
        let tokenRequest = TokenRequest(
            profile: profile,
            identity: try Self.string(body, "user_identity"),
            room: roomFromRequest ? try Self.string(body, "room_name") : nil,
            includeConversations: try Self.bool(body, "create_conversation") ?? false
        )
        _ = try Self.bool(body, "create_room")
        let issued = try self.issue(tokenRequest, for: principal)
        return Self.json(.ok, [("token", .string(issued.token))])
    }

    private func compatibilityProfile(_ route: KeyPath<CompatibilityRoutes, String?>) throws -> String {
        guard let profile = self.service.configuration.compatibility[keyPath: route] else {
            throw ServiceErrorResponse(ServiceError(status: 404, code: .notFound, "this route is not configured"))
        }
        return profile
    }

    private func authenticate(_ request: Request, _ context: Context) async throws -> Principal {
        do {
            let forwardedFor = request.headers[values: .xForwardedFor]
            let client = self.service.configuration.server.trustedProxies.clientAddress(
                peer: context.remoteAddress?.ipAddress,
                forwardedFor: forwardedFor.isEmpty ? nil : forwardedFor.joined(separator: ","))
            try self.service.admit(clientAddress: client)
            return try await self.service.authenticate(authorization: request.headers[.authorization])
        } catch {
            throw ServiceErrorResponse(error)
        }
    }

    private func issue(_ request: TokenRequest, for principal: Principal) throws -> IssuedToken {
        do {
            return try self.service.issue(request, for: principal)
        } catch {
            throw ServiceErrorResponse(error)
        }
    }

    // MARK: - Bodies

    /// The request body as a JSON object, parsed by TwilioJWT's strict parser (RFC 8259, no duplicate members).
    private func jsonBody(_ request: Request, _ context: Context) async throws -> JSONObject {
        guard let type = request.headers[.contentType], Self.isMediaType(type, "application/json") else {
            throw ServiceErrorResponse(
                ServiceError(status: 415, code: .unsupportedMediaType, "the body must be application/json"))
        }
        let bytes = try await self.body(request)
        guard let text = String(validating: bytes.readableBytesView, as: UTF8.self) else {
            throw ServiceErrorResponse(.invalidRequestMember("the body is not UTF-8"))
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text, maximumDepth: 4)
        } catch {
            throw ServiceErrorResponse(.invalidRequestMember("the body is not valid JSON: \(error.message)"))
        }
        guard let object = value.objectValue else {
            throw ServiceErrorResponse(.invalidRequestMember("the body must be a JSON object"))
        }
        return object
    }

    /// `identity` from an `application/x-www-form-urlencoded` body, as the Voice quickstarts POST it, decoded by the
    /// webhook library's form decoder (`+` as a space, strict percent-decoding, UTF-8).
    private func formIdentity(_ request: Request, _ context: Context) async throws -> String? {
        let bytes = try await self.body(request)
        guard bytes.readableBytes > 0 else { return nil }
        guard let type = request.headers[.contentType], Self.isMediaType(type, "application/x-www-form-urlencoded")
        else {
            throw ServiceErrorResponse(
                ServiceError(
                    status: 415, code: .unsupportedMediaType, "the body must be application/x-www-form-urlencoded"))
        }
        let form: WebhookParameters
        do {
            form = try WebhookParameters(formURLEncoded: bytes.readableBytesView, maximumByteCount: Int.max)
        } catch {
            throw ServiceErrorResponse(.invalidRequestMember("the form is not correctly percent-encoded"))
        }
        let identities = form.values(named: "identity")
        guard identities.count <= 1 else {
            throw ServiceErrorResponse(.invalidRequestMember("`identity` is given more than once"))
        }
        return identities.first
    }

    /// The body, up to the configured limit (413 beyond it). How long it may take is bounded by the connection:
    /// ``RequestBodyDeadline`` in the standalone server (408), and Hummingbird's idle timeout.
    private func body(_ request: Request) async throws -> ByteBuffer {
        try await collectBody(request, limit: self.service.configuration.server.maximumBodyBytes)
    }

    /// Whether `contentType` is `mediaType` (lower case), parameters such as `charset` aside, in any letter case.
    static func isMediaType(_ contentType: String, _ mediaType: StaticString) -> Bool {
        var bytes = contentType.utf8[...]
        while bytes.first == UInt8(ascii: " ") || bytes.first == UInt8(ascii: "\t") { bytes = bytes.dropFirst() }
        let end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        var type = bytes[..<end]
        while type.last == UInt8(ascii: " ") || type.last == UInt8(ascii: "\t") { type = type.dropLast() }
        let wanted = mediaType.description.utf8
        guard type.count == wanted.count else { return false }
        return zip(type, wanted).allSatisfy { byte, expected in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == expected
        }
    }

    private static func onlyMembers(_ object: JSONObject, _ allowed: Set<String>) throws {
        for key in object.keys where !allowed.contains(key) {
            throw ServiceErrorResponse(
                .invalidRequestMember(
                    "unknown member `\(key.prefix(64))`; this route takes \(allowed.sorted().joined(separator: ", "))"))
        }
    }

    private static func string(_ object: JSONObject, _ name: String) throws -> String? {
        switch object[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw ServiceErrorResponse(.invalidRequestMember("`\(name)` must be a string"))
        }
    }

    private static func bool(_ object: JSONObject, _ name: String) throws -> Bool? {
        switch object[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw ServiceErrorResponse(.invalidRequestMember("`\(name)` must be true or false"))
        }
    }

    private static func queryValue(_ request: Request, _ name: String) throws -> String? {
        let values = request.uri.queryParameters[values: Substring(name)]
        guard values.count <= 1 else {
            throw ServiceErrorResponse(.invalidRequestMember("`\(name)` is given more than once"))
        }
        return values.first.map(String.init)
    }

    // MARK: - Health and metrics

    private func readiness() -> Response {
        let keysLoaded = self.service.isReady
        let draining = self.drain?.isDraining ?? false
        let ready = keysLoaded && !draining
        let sid = self.service.configuration.twilio.activeKeySID
        var members: [(String, JSONText.Value)] = [
            ("ready", .boolean(ready)), ("configurationLoaded", .boolean(true)),
        ]
        if case .jwt = self.service.configuration.auth {
            members.append(("identityProviderKeysLoaded", .boolean(keysLoaded)))
        }
        if draining {
            members.append(("draining", .boolean(true)))
        }
        members.append(("activeKey", .string("…" + sid.suffix(4))))
        return Self.json(ready ? .ok : .serviceUnavailable, members)
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

    static func json(_ status: HTTPResponse.Status, _ members: [(String, JSONText.Value)]) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: JSONText.object(members))
        )
    }
}

extension ServiceError {
    static func invalidRequestMember(_ message: String) -> ServiceError {
        ServiceError(status: 400, code: .invalidRequest, message)
    }
}

/// `Cache-Control: no-store` (RFC 9111 §5.2.2.5; RFC 6749 §5.1 asks it of every response carrying a token) and
/// `X-Content-Type-Options: nosniff` on every response of the token routes, errors included.
struct ResponseHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await respondRenderingErrors(request, context, next)
        response.headers[.cacheControl] = "no-store"
        response.headers[HTTPField.Name("Pragma")!] = "no-cache"
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, which proxies append the address they received a request from to.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
#endif
