import Logging
import ServiceLifecycle
import TwilioTokenService
import UnixSignals

/// Reloads the configuration on SIGHUP: the config file, the secret files and the environment file are read again,
/// and, if the result is valid, the service switches to it (new API keys, the active key, profiles, principals,
/// limits) without closing a connection. An invalid result is logged and the running configuration kept.
///
/// The listening address, port and TLS files are the server's, kept as started.
struct ConfigurationReloader: Service {
    let loader: ConfigurationLoader
    let service: TokenService
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            do {
                let configuration = try await self.loader.load()
                try await self.service.reload(configuration)
            } catch {
                self.logger.error(
                    "configuration not reloaded; the running one is kept", metadata: ["reason": "\(error)"])
            }
        }
    }
}
