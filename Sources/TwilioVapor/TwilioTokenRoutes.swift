#if Vapor
public import TwilioTokenService
public import Vapor

/// The token service's HTTP routes for Vapor 4, the same as `twilio-token-server`'s: `POST /v1/token` and the
/// quickstart-compatible `GET|POST /accessToken`, `GET /token` and `POST /token` (``TwilioTokenService/TokenRoute``
/// lists what each takes and answers), with the same JSON shapes and errors.
///
/// ```swift
/// try app.register(
///     collection: TwilioTokenRoutes(
///         service: app.twilio.service, callers: .users(User.self, authenticators: [User.authenticator()])))
/// ```
///
/// Every request passes, in order: the service's CORS allow-list (a preflight is answered here, before any
/// authentication), 404 for a quickstart route the configuration assigns no profile, the per-IP limit, the callers'
/// authentication, the body (up to `maximumBodyBytes`; 413 beyond), and the service's answer. Every response carries
/// `Cache-Control: no-store`; a refusal is `{"error":{"code","message"}}`. Other methods on these paths get 405 with
/// `Allow`.
public struct TwilioTokenRoutes: RouteCollection, Sendable {
    /// Who may call the routes, and how they authenticate.
    public struct Callers: Sendable {
        let authenticators: [any Middleware]
        let principal: @Sendable (Request, TokenService) async throws(ServiceError) -> Principal
        let usesServiceAuthentication: Bool

        /// The application's users: the `User` its authenticators logged in (`req.auth`), each bound to its own
        /// Twilio identity. A request without one gets 401.
        ///
        /// - Parameters:
        ///   - user: The user type.
        ///   - authenticators: Middleware that logs a `User` in, such as vapor/jwt's `User.authenticator()`, a
        ///     session or a bearer authenticator. They run after CORS and the per-IP limit; an `AbortError` with
        ///     status 401 or 403 that one throws is answered as the service's 401 `invalid_credentials`. Leave it
        ///     empty when the routes are registered on a group that authenticates already.
        public static func users<User: TwilioTokenUser>(_ user: User.Type, authenticators: [any Middleware] = [])
            -> Callers
        {
            Callers(authenticators: authenticators, usesServiceAuthentication: false) {
                request, _ throws(ServiceError) in
                guard let user = request.auth.get(User.self) else { throw .missingCredentials }
                return user.twilioPrincipal
            }
        }

        /// The service's own caller authentication (`auth.mode` of a ``TwilioTokenService/ServiceConfiguration``
        /// loaded from a `twilio-token-server` config file: ID tokens from your identity provider, or bearer keys),
        /// over the `Authorization` header.
        public static var service: Callers {
            Callers(authenticators: [], usesServiceAuthentication: true) { request, service throws(ServiceError) in
                try await service.authenticate(authorization: request.headers.first(name: .authorization))
            }
        }

        init(
            authenticators: [any Middleware], usesServiceAuthentication: Bool,
            principal: @escaping @Sendable (Request, TokenService) async throws(ServiceError) -> Principal
        ) {
            self.authenticators = authenticators
            self.usesServiceAuthentication = usesServiceAuthentication
            self.principal = principal
        }
    }

    /// The service.
    public let service: TokenService
    /// Who may call the routes.
    public let callers: Callers

    /// Routes over `service` for `callers`.
    public init(service: TokenService, callers: Callers) {
        self.service = service
        self.callers = callers
    }

    /// Registers the routes.
    ///
    /// - Throws: ``TwilioTokenService/ConfigurationError`` for ``Callers/service`` over a configuration whose callers
    ///   the application authenticates (`auth` is ``TwilioTokenService/CallerAuthentication/application``, as
    ///   `app.twilio.configure(twilio:profiles:…)` makes it), or nobody (`auth.mode: none`): use
    ///   ``Callers/users(_:authenticators:)``.
    public func boot(routes: any RoutesBuilder) throws {
        if self.callers.usesServiceAuthentication {
            switch self.service.configuration.auth {
            case .application:
                throw ConfigurationError(
                    key: "auth.mode",
                    "the application authenticates this service's callers: register the routes with callers: .users(…)"
                )
            case .none:
                // `none` is held to loopback by the address twilio-token-server binds, which says nothing of the
                // address this application listens on.
                throw ConfigurationError(
                    key: "auth.mode",
                    "`none` lets anyone mint tokens as anyone and is for twilio-token-server on loopback only; "
                        + "in a Vapor app, register the routes with callers: .users(…)")
            case .jwt, .bearer:
                break
            }
        }
        let service = self.service
        let group = routes.grouped(TokenRouteResponses(service: service))
        for route in TokenRoute.allCases {
            group.grouped(TokenRouteAdmission(service: service, route: route))
                .grouped(self.callers.authenticators.map { AuthenticationRefusals(authenticator: $0) })
                .on(HTTPMethod(rawValue: route.method), pathComponents(route.path), body: .stream) { request in
                    try await self.respond(route, request)
                }
        }
        for (path, methods) in TokenRoute.paths {
            let components = pathComponents(path)
            // Preflight requests reach the CORS middleware through this route.
            group.on(.OPTIONS, components) { _ in Response(status: .noContent) }
            let allow = (methods + ["OPTIONS"]).joined(separator: ", ")
            // Vapor answers HEAD with the GET route where there is one.
            let others: [HTTPMethod] = [.GET, .POST, .PUT, .PATCH, .DELETE, .TRACE, .HEAD]
            for method in others
            where !methods.contains(method.rawValue) && !(method == .HEAD && methods.contains("GET")) {
                group.on(method, components, body: .stream) { _ -> Response in
                    var response = Response(ServiceError.methodNotAllowed(method.rawValue).response)
                    response.headers.replaceOrAdd(name: .allow, value: allow)
                    return response
                }
            }
        }
    }

    /// A token route, once admitted and authenticated: the body, then the service's answer.
    func respond(_ route: TokenRoute, _ request: Request) async throws -> Response {
        do throws(ServiceError) {
            let principal = try await self.callers.principal(request, self.service)
            let body = try await collectBody(request, limit: self.service.configuration.server.maximumBodyBytes)
            return Response(
                try self.service.respond(
                    to: route,
                    TokenHTTPRequest(
                        query: request.url.query, contentType: request.headers.first(name: .contentType), body: body),
                    principal: principal))
        } catch {
            return Response(error.response)
        }
    }
}

/// CORS from the service's allow-list, and the token routes' headers on every response, refusals included; an
/// error an application's authenticator throws is answered 500 `internal_error` in the service's shape.
///
/// Vapor's own `CORSMiddleware` answers a preflight from an origin not on its list with 200 and an empty
/// `Access-Control-Allow-Origin`, and cannot be given a list read at run time; the service's ``CORSPolicy`` refuses it
/// with 403 and no CORS header, as the Hummingbird routes do.
struct TokenRouteResponses: AsyncMiddleware {
    let service: TokenService

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let policy = CORSPolicy(self.service.configuration.cors)
        let origin = request.headers.first(name: .origin)
        var response: Response
        if let origin,
            CORSPolicy.isPreflight(
                method: request.method.rawValue, origin: origin,
                requestMethod: request.headers.first(name: .accessControlRequestMethod))
        {
            response = Response(policy.preflightResponse(origin: origin))
        } else {
            do {
                response = try await next.respond(to: request)
            } catch {
                // Only an application's authenticator can throw here (the routes answer their own refusals, and
                // AuthenticationRefusals those that are 401 or 403): a failure of the application, logged, not shown.
                request.logger.error("authenticator failed: \(String(reflecting: type(of: error)))")
                response = Response(
                    ServiceError(status: 500, code: .internalError, "the caller could not be authenticated").response)
            }
            for (name, value) in policy.responseHeaders(origin: origin) {
                if name == "Vary" {
                    response.headers.add(name: name, value: value)
                } else {
                    response.headers.replaceOrAdd(name: name, value: value)
                }
            }
        }
        for (name, value) in TokenHTTPResponse.tokenRouteHeaders {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }
}

/// 404 for a quickstart route the configuration assigns no profile, then the per-IP limit: both before anything
/// authenticates the caller, so that an unconfigured route is not found whoever asks and guessing credentials is
/// limited too.
struct TokenRouteAdmission: AsyncMiddleware {
    let service: TokenService
    let route: TokenRoute

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do throws(ServiceError) {
            try self.service.checkServed(self.route)
            let forwardedFor = request.headers[.xForwardedFor]
            try self.service.admit(
                peer: request.remoteAddress?.ipAddress,
                forwardedFor: forwardedFor.isEmpty ? nil : forwardedFor.joined(separator: ","))
        } catch {
            return Response(error.response)
        }
        return try await next.respond(to: request)
    }
}

/// An application's authenticator, whose refusal (an `AbortError` with status 401 or 403, as vapor/jwt throws for a
/// bad token) is answered as the service's 401 `invalid_credentials`. The route behind it answers every refusal of its
/// own and never throws, so an error that reaches this middleware is an authenticator's.
struct AuthenticationRefusals: AsyncMiddleware {
    let authenticator: any Middleware

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await self.authenticator.respond(to: request, chainingTo: next).get()
        } catch let error as any AbortError where [401, 403].contains(error.status.code) {
            request.logger.debug("credential refused", metadata: ["status": "\(error.status.code)"])
            return Response(ServiceError.invalidCredentials.response)
        }
    }
}

/// The whole body, at most `limit` bytes: 413 beyond, from `Content-Length` before reading when it is given.
func collectBody(_ request: Request, limit: Int) async throws(ServiceError) -> [UInt8] {
    if let length = request.headers.first(name: .contentLength).flatMap(Int.init), length > limit {
        throw ServiceError.bodyTooLarge(limit: limit)
    }
    let buffer: ByteBuffer?
    do {
        // Vapor's collect refuses a body of `max` bytes or more.
        buffer = try await request.body.collect(max: limit + 1).get()
    } catch let error as any AbortError where error.status == .payloadTooLarge {
        throw ServiceError.bodyTooLarge(limit: limit)
    } catch {
        throw ServiceError.invalidRequest("the body could not be read")
    }
    guard let buffer else { return [] }
    guard buffer.readableBytes <= limit else { throw ServiceError.bodyTooLarge(limit: limit) }
    return Array(buffer.readableBytesView)
}

extension Response {
    /// A response the service wrote.
    convenience init(_ response: TokenHTTPResponse) {
        var headers = HTTPHeaders()
        for (name, value) in response.headers {
            headers.add(name: name, value: value)
        }
        self.init(
            status: HTTPResponseStatus(statusCode: response.status), headers: headers,
            body: .init(buffer: ByteBuffer(bytes: response.body)))
    }
}

/// A path such as `v1/token` as Vapor's route components.
func pathComponents(_ path: String) -> [PathComponent] {
    path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
}

extension HTTPHeaders.Name {
    /// `X-Forwarded-For`.
    static let xForwardedFor = HTTPHeaders.Name("X-Forwarded-For")
}
#endif
