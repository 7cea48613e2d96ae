#if TokenService
import TwilioJWT
import TwilioWebhooks

/// The token routes every adapter serves, each a method and a path, and what each takes and answers.
///
/// - `POST /v1/token`: `{"profile", "identity"?, "room"?}` → `{"token", "identity", "profile", "expiresAt", "ttl",
///   "serverTime"}`.
/// - The quickstart-compatible routes, each serving the profile ``CompatibilityRoutes`` assigns it (404 when none):
///   `GET|POST /accessToken` (the raw token as `text/plain`; the Voice iOS and Android quickstarts), `GET /token`
///   (`{"identity", "token"}`; the Voice JavaScript quickstart) and `POST /token` (`{"user_identity", "room_name",
///   "create_room"?, "create_conversation"?}` → `{"token"}`; twilio-video-app-react).
public enum TokenRoute: String, Sendable, Hashable, CaseIterable {
    /// `POST /v1/token`.
    case token
    /// `GET /accessToken`.
    case accessTokenGet
    /// `POST /accessToken`.
    case accessTokenPost
    /// `GET /token`.
    case tokenGet
    /// `POST /token`.
    case tokenPost

    /// The path, without its leading `/`.
    public var path: String {
        switch self {
        case .token: "v1/token"
        case .accessTokenGet, .accessTokenPost: "accessToken"
        case .tokenGet, .tokenPost: "token"
        }
    }

    /// `GET` or `POST`.
    public var method: String {
        switch self {
        case .accessTokenGet, .tokenGet: "GET"
        case .token, .accessTokenPost, .tokenPost: "POST"
        }
    }

    /// The paths, each with the methods its routes take, in the order the routes are listed.
    public static var paths: [(path: String, methods: [String])] {
        var paths: [(path: String, methods: [String])] = []
        for route in Self.allCases {
            if let index = paths.firstIndex(where: { $0.path == route.path }) {
                paths[index].methods.append(route.method)
            } else {
                paths.append((route.path, [route.method]))
            }
        }
        return paths
    }

    /// The profile the configuration assigns a quickstart route: `nil` for `/v1/token`, which names its own.
    ///
    /// - Throws: 404 `not_found` for a quickstart route the configuration assigns none.
    func assignedProfile(_ routes: CompatibilityRoutes) throws(ServiceError) -> String? {
        let assigned: String?
        switch self {
        case .token: return nil
        case .accessTokenGet, .accessTokenPost: assigned = routes.accessToken
        case .tokenGet: assigned = routes.tokenGet
        case .tokenPost: assigned = routes.tokenPost
        }
        guard let assigned else {
            throw ServiceError(status: 404, code: .notFound, "this route is not configured")
        }
        return assigned
    }
}

/// A token route's request as the HTTP server received it, whatever the framework: the query and the body, read
/// once the caller has been authenticated.
public struct TokenHTTPRequest: Sendable {
    /// The query, as received after the `?` (percent-encoded), or `nil` when there is none.
    public var query: String?
    /// `Content-Type`.
    public var contentType: String?
    /// The whole body, already limited to `server.max_body_bytes` by the adapter (413 beyond).
    public var body: [UInt8]

    /// A request.
    public init(query: String?, contentType: String?, body: [UInt8]) {
        self.query = query
        self.contentType = contentType
        self.body = body
    }
}

/// An HTTP response the service wrote, for an adapter to send as it is.
public struct TokenHTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The header fields, `Content-Type` first when there is a body.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The headers every response of the token routes carries, refusals included: `Cache-Control: no-store`
    /// (RFC 9111 §5.2.2.5; RFC 6749 §5.1 asks it of every response carrying a token), `Pragma: no-cache` for
    /// HTTP/1.0 caches, and `X-Content-Type-Options: nosniff`.
    public static let tokenRouteHeaders: [(name: String, value: String)] = [
        ("Cache-Control", "no-store"), ("Pragma", "no-cache"), ("X-Content-Type-Options", "nosniff"),
    ]

    static func json(status: Int = 200, _ members: [(String, JSONText.Value)]) -> TokenHTTPResponse {
        TokenHTTPResponse(
            status: status, headers: [("Content-Type", "application/json; charset=utf-8")],
            body: JSONText.object(members))
    }
}

extension TokenHTTPResponse: CustomStringConvertible {
    /// The status and header names: a body can hold a token, so it is never shown.
    public var description: String {
        "TokenHTTPResponse(status: \(self.status), headers: \(self.headers.map(\.name)), body: \(self.body.count) bytes)"
    }
}

extension TokenService {
    /// The per-IP limit, then the configured caller authentication (`auth.mode`), for an adapter that authenticates
    /// with the service's own authenticators: the client's address is the peer's, or the one trusted proxies put in
    /// `X-Forwarded-For`.
    ///
    /// - Parameters:
    ///   - peer: The connected peer's IP address.
    ///   - forwardedFor: Every `X-Forwarded-For` value, joined with commas, or `nil` when there is none.
    ///   - authorization: The `Authorization` header, or `nil` when there is none.
    public func authenticateCaller(peer: String?, forwardedFor: String?, authorization: String?)
        async throws(ServiceError) -> Principal
    {
        try self.admit(peer: peer, forwardedFor: forwardedFor)
        return try await self.authenticate(authorization: authorization)
    }

    /// The per-IP limit alone, for an adapter whose application authenticates the caller itself.
    public func admit(peer: String?, forwardedFor: String?) throws(ServiceError) {
        let client = self.configuration.server.trustedProxies.clientAddress(peer: peer, forwardedFor: forwardedFor)
        try self.admit(clientAddress: client)
    }

    /// Refuses, with 404, a quickstart route the configuration assigns no profile; call it before authenticating,
    /// so that an unconfigured route is not found whoever asks.
    public func checkServed(_ route: TokenRoute) throws(ServiceError) {
        _ = try route.assignedProfile(self.configuration.compatibility)
    }

    /// Answers an authenticated token request: reads what the route takes from the query and body, mints the token
    /// for `principal` (``issue(_:for:)``: profile, identity binding, policy, limits, audit) and writes the route's
    /// response.
    ///
    /// - Throws: ``ServiceError``: 404 for an unassigned quickstart route, 415 for a body of another media type, 400
    ///   for a malformed or unknown member, and every refusal of ``issue(_:for:)``.
    public func respond(to route: TokenRoute, _ request: TokenHTTPRequest, principal: Principal)
        throws(ServiceError) -> TokenHTTPResponse
    {
        let configuration = self.configuration
        let assigned = try route.assignedProfile(configuration.compatibility)
        switch (route, assigned) {
        // `assigned` is nil for `/v1/token` only: it throws for a quickstart route the configuration assigns none.
        case (.token, _), (_, nil):
            let body = try TokenRequestBody.jsonObject(request)
            try TokenRequestBody.onlyMembers(body, ["profile", "identity", "room"])
            guard let profile = try TokenRequestBody.string(body, "profile") else {
                throw ServiceError.invalidRequest("`profile` is required")
            }
            let issued = try self.issue(
                TokenRequest(
                    profile: profile, identity: try TokenRequestBody.string(body, "identity"),
                    room: try TokenRequestBody.string(body, "room")),
                for: principal)
            return .json([
                ("token", .string(issued.token)), ("identity", .string(issued.identity)),
                ("profile", .string(issued.profile)), ("expiresAt", .integer(issued.expiresAt)),
                ("ttl", .integer(issued.ttl)), ("serverTime", .integer(issued.issuedAt)),
            ])

        case (.accessTokenGet, let profile?), (.accessTokenPost, let profile?):
            var identity = try TokenRequestBody.queryValue(request.query, "identity")
            if route == .accessTokenPost, identity == nil {
                identity = try TokenRequestBody.formValue(request, "identity")
            }
            let issued = try self.issue(TokenRequest(profile: profile, identity: identity), for: principal)
            return TokenHTTPResponse(
                status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(issued.token.utf8))

        case (.tokenGet, let profile?):
            let identity = try TokenRequestBody.queryValue(request.query, "identity")
            let issued = try self.issue(TokenRequest(profile: profile, identity: identity), for: principal)
            return .json([("identity", .string(issued.identity)), ("token", .string(issued.token))])

        case (.tokenPost, let profile?):
            let body = try TokenRequestBody.jsonObject(request)
            try TokenRequestBody.onlyMembers(
                body, ["user_identity", "room_name", "create_room", "create_conversation"])
            let roomFromRequest = configuration.profiles[profile]?.video?.roomFromRequest ?? false
            let tokenRequest = TokenRequest(
                profile: profile,
                identity: try TokenRequestBody.string(body, "user_identity"),
                room: roomFromRequest ? try TokenRequestBody.string(body, "room_name") : nil,
                includeConversations: try TokenRequestBody.bool(body, "create_conversation") ?? false
            )
            _ = try TokenRequestBody.bool(body, "create_room")
            let issued = try self.issue(tokenRequest, for: principal)
            return .json([("token", .string(issued.token))])
        }
    }

    /// `GET /healthz`: 200 `{"status":"ok"}` while the process serves.
    public func health() -> TokenHTTPResponse {
        .json([("status", .string("ok"))])
    }

    /// `GET /readyz`: 200 when the service can authenticate callers and the server is not draining, 503 otherwise;
    /// the body says which, and names the active key by its last four characters only.
    public func readiness(draining: Bool) -> TokenHTTPResponse {
        let keysLoaded = self.isReady
        let ready = keysLoaded && !draining
        let configuration = self.configuration
        var members: [(String, JSONText.Value)] = [("ready", .boolean(ready)), ("configurationLoaded", .boolean(true))]
        if case .jwt = configuration.auth {
            members.append(("identityProviderKeysLoaded", .boolean(keysLoaded)))
        }
        if draining {
            members.append(("draining", .boolean(true)))
        }
        members.append(("activeKey", .string("…" + configuration.twilio.activeKeySID.suffix(4))))
        return .json(status: ready ? 200 : 503, members)
    }
}

extension ServiceError {
    /// 405 `method_not_allowed`, with the methods the path takes for the `Allow` header.
    public static func methodNotAllowed(_ method: String) -> ServiceError {
        ServiceError(status: 405, code: .methodNotAllowed, "this route does not take \(method)")
    }

    /// 413 `body_too_large`.
    public static func bodyTooLarge(limit: Int) -> ServiceError {
        ServiceError(status: 413, code: .bodyTooLarge, "the body is larger than \(limit) bytes")
    }

    /// The refusal as an HTTP response: `{"error":{"code":…,"message":…}}` (the outer shape of twilio-labs/plugin-rtc's
    /// token server errors, https://github.com/twilio-labs/plugin-rtc#token-server-api), with `WWW-Authenticate` on
    /// 401 (RFC 6750 §3) and `Retry-After` on 429 (RFC 6585 §4).
    public var response: TokenHTTPResponse {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store"),
        ]
        if self.status == 401 {
            headers.append(
                (
                    "WWW-Authenticate",
                    self.code == .missingCredentials
                        ? #"Bearer realm="twilio-token-server""#
                        : #"Bearer realm="twilio-token-server", error="invalid_token""#
                ))
        }
        if let retryAfter = self.retryAfter {
            headers.append(("Retry-After", String(retryAfter)))
        }
        let body = JSONText.object([
            ("error", .object([("code", .string(self.code.rawValue)), ("message", .string(self.message))]))
        ])
        return TokenHTTPResponse(status: self.status, headers: headers, body: body)
    }
}

/// Reading a token route's query and body: strict JSON (TwilioJWT's RFC 8259 parser, no duplicate members), strict
/// form decoding (TwilioWebhooks' decoder), each value at most once.
enum TokenRequestBody {
    static func jsonObject(_ request: TokenHTTPRequest) throws(ServiceError) -> JSONObject {
        guard let type = request.contentType, MediaType.matches(type, "application/json") else {
            throw ServiceError(status: 415, code: .unsupportedMediaType, "the body must be application/json")
        }
        guard let text = String(validating: request.body, as: UTF8.self) else {
            throw ServiceError.invalidRequest("the body is not UTF-8")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text, maximumDepth: 4)
        } catch {
            throw ServiceError.invalidRequest("the body is not valid JSON: \(error.message)")
        }
        guard let object = value.objectValue else {
            throw ServiceError.invalidRequest("the body must be a JSON object")
        }
        return object
    }

    /// `name` from an `application/x-www-form-urlencoded` body, as the Voice quickstarts POST it; `nil` for an empty
    /// body.
    static func formValue(_ request: TokenHTTPRequest, _ name: String) throws(ServiceError) -> String? {
        guard !request.body.isEmpty else { return nil }
        guard let type = request.contentType, MediaType.matches(type, "application/x-www-form-urlencoded") else {
            throw ServiceError(
                status: 415, code: .unsupportedMediaType, "the body must be application/x-www-form-urlencoded")
        }
        return try self.single(request.body, name, what: "the form")
    }

    /// `name` from the query, decoded as a form (`+` as a space, as browsers' `URLSearchParams` writes it).
    static func queryValue(_ query: String?, _ name: String) throws(ServiceError) -> String? {
        guard let query, !query.isEmpty else { return nil }
        return try self.single(Array(query.utf8), name, what: "the query")
    }

    private static func single(_ bytes: [UInt8], _ name: String, what: String) throws(ServiceError) -> String? {
        let form: WebhookParameters
        do {
            form = try WebhookParameters(formURLEncoded: bytes, maximumByteCount: Int.max)
        } catch {
            throw ServiceError.invalidRequest("\(what) is not correctly percent-encoded")
        }
        let values = form.values(named: name)
        guard values.count <= 1 else {
            throw ServiceError.invalidRequest("`\(name)` is given more than once")
        }
        return values.first
    }

    static func onlyMembers(_ object: JSONObject, _ allowed: Set<String>) throws(ServiceError) {
        for key in object.keys where !allowed.contains(key) {
            throw ServiceError.invalidRequest(
                "unknown member `\(key.prefix(64))`; this route takes \(allowed.sorted().joined(separator: ", "))")
        }
    }

    static func string(_ object: JSONObject, _ name: String) throws(ServiceError) -> String? {
        switch object[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw ServiceError.invalidRequest("`\(name)` must be a string")
        }
    }

    static func bool(_ object: JSONObject, _ name: String) throws(ServiceError) -> Bool? {
        switch object[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw ServiceError.invalidRequest("`\(name)` must be true or false")
        }
    }
}

/// Media type comparison.
package enum MediaType {
    /// Whether `contentType` is `mediaType` (lower case), parameters such as `charset` aside, in any letter case.
    package static func matches(_ contentType: String, _ mediaType: StaticString) -> Bool {
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
}
#endif
