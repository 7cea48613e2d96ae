import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Prometheus
import Testing
import TwilioHummingbird
import TwilioTokenService
import TwilioVapor
import Vapor
import VaporTesting

/// The web frameworks the token routes and Voice webhooks are served on: the behaviour tables run against each, so
/// that the two adapters answer every request alike.
enum Adapter: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case hummingbird
    case vapor

    var testDescription: String { self.rawValue }
}

/// A response, whichever framework wrote it.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer
}

/// A client of an application under test, in process or over a socket.
protocol WebClient: Sendable {
    func send(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Reply
}

extension WebClient {
    /// Sends a request and hands its response to `check`.
    @discardableResult
    func execute<T>(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        _ check: (Reply) async throws -> T
    ) async throws -> T {
        try await check(try await self.send(uri: uri, method: method, headers: headers, body: body))
    }

    /// Sends a request.
    @discardableResult
    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil)
        async throws -> Reply
    {
        try await self.send(uri: uri, method: method, headers: headers, body: body)
    }
}

/// A service served by one adapter: the token routes (the service's own caller authentication) and the Voice routes.
struct AdapterHarness: Sendable {
    let adapter: Adapter
    let service: TokenService
    let registry: PrometheusCollectorRegistry
    let log: CapturedLog

    init(_ adapter: Adapter, configuration: ServiceConfiguration, clock: (@Sendable () -> Int)? = nil) {
        self.adapter = adapter
        self.log = CapturedLog()
        self.registry = PrometheusCollectorRegistry()
        self.service = TokenService(
            configuration: configuration, logger: self.log.logger(),
            metrics: ServiceMetrics(factory: PrometheusMetricsFactory(registry: self.registry)), clock: clock)
    }

    /// The metrics the service has counted, in Prometheus' text format.
    var metrics: String {
        String(decoding: self.registry.emitToBuffer(), as: UTF8.self)
    }

    /// Runs `body` with a client of the application: in process, or over a socket on 127.0.0.1 when `live`.
    func test<T: Sendable>(live: Bool = false, _ body: @Sendable (any WebClient) async throws -> T) async throws -> T {
        switch self.adapter {
        case .hummingbird:
            let router = Hummingbird.Router(context: TokenServiceRequestContext.self)
            router.add(middleware: AccessLogMiddleware())
            TokenServiceRoutes(service: self.service, metrics: self.registry).register(on: router)
            VoiceWebhookRoutes(service: self.service).register(on: router)
            let application = Hummingbird.Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                logger: self.log.logger("access"))
            return try await application.test(live ? .live : .router) { client in
                try await body(HummingbirdClient(client: client))
            }
        case .vapor:
            return try await withApp { app in
                app.logger = self.log.logger("vapor")
                try app.register(collection: TwilioTokenRoutes(service: self.service, callers: .service))
                try app.register(collection: TwilioVoiceRoutes(service: self.service))
                return try await body(try VaporClient(app: app, live: live))
            }
        }
    }
}

struct HummingbirdClient: WebClient {
    let client: any TestClientProtocol

    func send(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Reply {
        let response = try await self.client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }
}

struct VaporClient: WebClient {
    let tester: any TestingApplicationTester

    init(app: Vapor.Application, live: Bool) throws {
        self.tester = try app.testing(method: live ? .running(hostname: "127.0.0.1", port: 0) : .inMemory)
    }

    func send(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Reply {
        var vaporHeaders = HTTPHeaders()
        for field in headers {
            vaporHeaders.add(name: field.name.rawName, value: field.value)
        }
        let response = try await self.tester.performTest(
            request: TestingHTTPRequest(
                method: HTTPMethod(rawValue: method.rawValue), url: URI(string: uri), headers: vaporHeaders,
                body: body ?? ByteBuffer()))
        var fields = HTTPFields()
        for (name, value) in response.headers {
            fields.append(HTTPField(name: try #require(HTTPField.Name(name)), value: value))
        }
        return Reply(
            status: HTTPResponse.Status(code: Int(response.status.code)), headers: fields, body: response.body)
    }
}
