import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import Metrics
import NIOCore
import NIOSSL
import Prometheus
import ServiceLifecycle
import TwilioHummingbird
import TwilioTokenService

@main
struct TwilioTokenServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twilio-token-server",
        abstract: "Serve Twilio access tokens to authenticated callers.",
        discussion: """
            Reads a YAML or JSON config file (docs/server.md lists every key; Examples/ has one per auth mode). The \
            Twilio account and a single API key may instead come from TWILIO_ACCOUNT_SID, TWILIO_API_KEY and \
            TWILIO_API_SECRET (or the quickstarts' ACCOUNT_SID, API_KEY, API_SECRET…) when the file leaves them out. \
            Nothing secret is ever taken from the command line.

            Binds 127.0.0.1:8080 unless configured. SIGHUP reloads the config file (new API keys, profiles, \
            principals) without dropping connections; SIGTERM and SIGINT stop accepting connections, finish the \
            requests in flight and exit 0.

            Exit status: 0 after a clean stop or a valid --check-config; 64 for a bad command line; 78 for an \
            invalid configuration (one line on standard error naming the key).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The config file, YAML or JSON.", valueName: "path"))
    var config: String?

    @Option(
        name: .customLong("env-file"),
        help: ArgumentHelp(
            "A .env-style file (KEY=value lines) read after the environment, for credentials.", valueName: "path"))
    var envFile: String?

    @Option(name: .long, help: ArgumentHelp("The address to bind, overriding server.host.", valueName: "address"))
    var host: String?

    @Option(name: .long, help: ArgumentHelp("The port, overriding server.port (0: any free port).", valueName: "port"))
    var port: Int?

    @Flag(name: .customLong("check-config"), help: "Validate the configuration, print a summary, and exit.")
    var checkConfig = false

    @Option(
        name: .customLong("log-level"),
        help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (default info).", valueName: "level")
    )
    var logLevel: String = "info"

    func validate() throws {
        if let port, !(0...65_535).contains(port) {
            throw ValidationError("--port must be 0 to 65535")
        }
        if Logger.Level(rawValue: self.logLevel) == nil {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        if self.config == nil {
            throw ValidationError(
                "--config is required: the profiles and caller authentication live in the config file")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: self.logLevel) ?? .info
        LoggingSystem.bootstrap { label in StandardErrorLogHandler(label: label, level: level) }
        let logger = Logger(label: "twilio-token-server")
        let loader = ConfigurationLoader(
            filePath: self.config, environmentFile: self.envFile, host: self.host, port: self.port)

        let configuration: ServiceConfiguration
        do {
            configuration = try await loader.load()
        } catch {
            Self.fail(error)
        }
        if self.checkConfig {
            print(ConfigurationSummary(configuration).text, terminator: "")
            return
        }
        if case .none = configuration.auth {
            logger.warning(
                "auth.mode is none: anyone who can reach this loopback address mints tokens for any identity; for local development only"
            )
        }

        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let service = TokenService(configuration: configuration, logger: logger)
        do {
            try await service.prepare()
        } catch {
            Self.fail(error)
        }

        let server = configuration.server
        let drain = ConnectionDrain()
        var services: [any Service] = [
            ConfigurationReloader(loader: loader, service: service, logger: logger)
        ]
        do throws(ConfigurationError) {
            services.append(
                try Self.application(
                    service: service,
                    server: server,
                    port: server.port,
                    metrics: server.metricsPort == nil ? registry : nil,
                    tokenRoutes: true,
                    drain: drain,
                    logger: logger
                ))
            if let metricsPort = server.metricsPort {
                services.append(
                    try Self.application(
                        service: service, server: server, port: metricsPort, metrics: registry, tokenRoutes: false,
                        drain: drain, logger: logger))
            }
        } catch {
            Self.fail(error)
        }
        // Started last, so stopped first: it drains before the listeners close (ServiceGroup stops services in
        // reverse order, each after the one before has returned).
        services.append(DrainService(drain: drain, grace: server.shutdownGrace, logger: logger))
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// One listener: the token routes (and `/metrics` unless it has its own port), or `/metrics` alone.
    static func application(
        service: TokenService,
        server: ServerSettings,
        port: Int,
        metrics: PrometheusCollectorRegistry?,
        tokenRoutes: Bool,
        drain: ConnectionDrain,
        logger: Logger
    ) throws(ConfigurationError) -> some ApplicationProtocol {
        let router = Router(context: TokenServiceRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: RequestMetricsMiddleware())
        router.add(middleware: drain.middleware())
        router.add(middleware: NotFoundMiddleware())
        if tokenRoutes {
            TokenServiceRoutes(service: service, metrics: metrics, drain: drain).register(on: router)
            VoiceWebhookRoutes(service: service).register(on: router)
        } else if let metrics {
            router.get("metrics") { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer()))
                )
            }
        }
        let bodyTimeout = TimeAmount.seconds(Int64(server.bodyTimeout.components.seconds))
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestBodyDeadline(timeout: bodyTimeout)],
            idleTimeout: .seconds(Int64(server.idleTimeout.components.seconds)),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 100)
        )
        var builder = HTTPServerBuilder.http1(configuration: http1)
        if let tls = server.tls {
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(tls.certificateFile)
                let key = try NIOSSLPrivateKey(file: tls.keyFile, format: .pem)
                let configuration = TLSConfiguration.makeServerConfiguration(
                    certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
                builder = try .tls(builder, tlsConfiguration: configuration)
            } catch {
                throw ConfigurationError(key: "server.tls", "cannot load the certificate or key (\(type(of: error)))")
            }
        }
        let label = tokenRoutes ? "listening" : "metrics listening"
        return Application(
            router: router,
            server: builder,
            configuration: ApplicationConfiguration(address: .hostname(server.host, port: port), serverName: nil),
            onServerRunning: { channel in
                logger.notice(
                    "\(label)",
                    metadata: [
                        "address": "\(channel.localAddress?.description ?? "-")",
                        "port": "\(channel.localAddress?.port ?? 0)",
                        "tls": "\(server.tls != nil)",
                    ])
            },
            logger: logger
        )
    }

    /// One line on standard error and exit 78 (EX_CONFIG, sysexits.h).
    static func fail(_ error: ConfigurationError) -> Never {
        FileHandle.standardError.write(Data("twilio-token-server: invalid configuration: \(error)\n".utf8))
        Foundation.exit(78)
    }
}
