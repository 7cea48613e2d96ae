#if TokenService
import Configuration
import Crypto
import SystemPackage
import TwilioJWT

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds a ``ServiceConfiguration`` from a config file (YAML, or JSON, which is YAML too), the environment and
/// command-line overrides, refusing anything invalid with a ``ConfigurationError`` that names the key.
///
/// Where values come from, first match wins:
/// - `host` and `port` given to the loader (the server's `--host` and `--port`);
/// - the config file, read through swift-configuration's `FileProvider<YAMLSnapshot>`;
/// - for the Twilio account only, when the file leaves it out: the environment variables Twilio's helper libraries and
///   quickstarts use (`TWILIO_ACCOUNT_SID`, `TWILIO_API_KEY`, `TWILIO_API_SECRET`, `TWILIO_REGION` and their
///   aliases), then an optional `.env`-style file.
///
/// Secrets are never read from the file itself: `secret_file`/`auth_token_file` name a file that only the service's
/// user may read (mode 0600 or 0400), `secret_env`/`auth_token_env` name an environment variable.
public struct ConfigurationLoader: Sendable {
    /// The config file, or `nil` to configure from the environment alone (which then supplies one API key, and the
    /// overrides and defaults the rest; such a configuration has no profile, so it is refused unless a file gives one).
    public var filePath: String?
    /// The environment to read credentials from.
    public var environment: [String: String]
    /// A `.env`-style file (`KEY=value` lines) read after the environment, or `nil`.
    public var environmentFile: String?
    /// `--host`, overriding `server.host`.
    public var host: String?
    /// `--port`, overriding `server.port`.
    public var port: Int?

    /// A loader.
    public init(
        filePath: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        environmentFile: String? = nil,
        host: String? = nil,
        port: Int? = nil
    ) {
        self.filePath = filePath
        self.environment = environment
        self.environmentFile = environmentFile
        self.host = host
        self.port = port
    }

    /// Reads and validates everything.
    public func load() async throws(ConfigurationError) -> ServiceConfiguration {
        let document: ConfigurationDocument
        let file: ConfigReader
        if let filePath = self.filePath {
            document = try ConfigurationDocument(parsing: try Self.readConfigFile(filePath))
            do {
                let provider = try await FileProvider<YAMLSnapshot>(filePath: FilePath(filePath))
                file = ConfigReader(providers: [InMemoryProvider(values: self.overrides), provider])
            } catch {
                throw ConfigurationError(key: "", "cannot read the config file \(filePath)")
            }
        } else {
            document = try ConfigurationDocument(parsing: "{}")
            file = ConfigReader(provider: InMemoryProvider(values: self.overrides))
        }
        var environmentProviders: [any ConfigProvider] = [
            EnvironmentVariablesProvider(environmentVariables: self.environment, secretsSpecifier: .all)
        ]
        if let environmentFile = self.environmentFile {
            do {
                environmentProviders.append(
                    try await EnvironmentVariablesProvider(
                        environmentFilePath: FilePath(environmentFile), secretsSpecifier: .all)
                )
            } catch {
                throw ConfigurationError(key: "", "cannot read the environment file \(environmentFile)")
            }
        }
        let reader = Reader(file: file, environment: ConfigReader(providers: environmentProviders), document: document)
        return try reader.configuration()
    }

    private var overrides: [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host = self.host { values[["server", "host"]] = ConfigValue(.string(host), isSecret: false) }
        if let port = self.port { values[["server", "port"]] = ConfigValue(.int(port), isSecret: false) }
        return values
    }

    private static func readConfigFile(_ path: String) throws(ConfigurationError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(
                key: "", "cannot read the config file \(path): it does not exist or is not readable")
        }
        guard data.count <= ConfigurationDocument.maximumBytes else {
            throw ConfigurationError(key: "", "the config file \(path) is larger than 1 MiB")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(key: "", "the config file \(path) is not UTF-8")
        }
        return text
    }
}

// MARK: - Reading the sections

extension ConfigurationLoader {
    /// Reads typed values; the document has already checked every present key's kind, so a read fails only for a
    /// rule of its own (a range, a SID, a missing required key).
    struct Reader {
        let file: ConfigReader
        let environment: ConfigReader
        let document: ConfigurationDocument

        func configuration() throws(ConfigurationError) -> ServiceConfiguration {
            let server = try self.server()
            let twilio = try self.twilio()
            var profiles: [String: TokenProfile] = [:]
            for name in self.document.names["profiles"] ?? [] {
                profiles[name] = try self.profile(name)
            }
            return try ServiceConfiguration(
                server: server,
                twilio: twilio,
                auth: try self.auth(),
                cors: try self.cors(),
                rateLimit: try self.rateLimit(),
                profiles: profiles,
                compatibility: CompatibilityRoutes(
                    accessToken: self.string("compatibility.access_token"),
                    tokenGet: self.string("compatibility.token_get"),
                    tokenPost: self.string("compatibility.token_post")
                ),
                voice: try self.voice()
            )
        }

        // MARK: Typed reads

        func string(_ key: String) -> String? {
            self.file.string(forKey: ConfigKey(key.split(separator: ".").map(String.init)))
        }

        func string(_ components: [String]) -> String? {
            self.file.string(forKey: ConfigKey(components))
        }

        func integer(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(ConfigurationError)
            -> Int
        {
            let value = self.file.int(forKey: ConfigKey(key.split(separator: ".").map(String.init))) ?? defaultValue
            guard range.contains(value) else {
                throw ConfigurationError(key: key, "must be \(range.lowerBound) to \(range.upperBound), not \(value)")
            }
            return value
        }

        func boolean(_ components: [String]) -> Bool {
            self.file.bool(forKey: ConfigKey(components)) ?? false
        }

        func strings(_ components: [String]) -> [String] {
            self.file.stringArray(forKey: ConfigKey(components)) ?? []
        }

        func nonEmpty(_ key: String) throws(ConfigurationError) -> String? {
            guard let value = self.string(key) else { return nil }
            guard !value.isEmpty else { throw ConfigurationError(key: key, "must not be empty") }
            return value
        }

        /// The first of `names` set and not empty in the environment.
        func environmentValue(_ names: [String], isSecret: Bool) -> (name: String, value: String)? {
            for name in names {
                if let value = self.environment.string(forKey: ConfigKey([name]), isSecret: isSecret), !value.isEmpty {
                    return (name, value)
                }
            }
            return nil
        }

        // MARK: server

        func server() throws(ConfigurationError) -> ServerSettings {
            let host = try self.nonEmpty("server.host") ?? "127.0.0.1"
            let port = try self.integer("server.port", default: 8080, in: 0...65_535)
            var metricsPort: Int?
            if self.document.contains("server.metrics_port") {
                metricsPort = try self.integer("server.metrics_port", default: 0, in: 1...65_535)
                if metricsPort == port {
                    throw ConfigurationError(key: "server.metrics_port", "must differ from server.port")
                }
            }
            var tls: ServerSettings.TLSFiles?
            if self.document.contains("server.tls") {
                guard let certificate = try self.nonEmpty("server.tls.certificate_file"),
                    let key = try self.nonEmpty("server.tls.key_file")
                else {
                    throw ConfigurationError(key: "server.tls", "needs both certificate_file and key_file")
                }
                try SecretFile.checkReadable(certificate, key: "server.tls.certificate_file")
                try SecretFile.checkPrivate(key, key: "server.tls.key_file")
                tls = ServerSettings.TLSFiles(certificateFile: certificate, keyFile: key)
            }
            return ServerSettings(
                host: host,
                port: port,
                metricsPort: metricsPort,
                tls: tls,
                maximumBodyBytes: try self.integer(
                    "server.max_body_bytes", default: ServerSettings.defaultMaximumBodyBytes, in: 256...65_536),
                idleTimeout: .seconds(try self.integer("server.idle_timeout", default: 30, in: 1...3600)),
                bodyTimeout: .seconds(try self.integer("server.body_timeout", default: 5, in: 1...300)),
                shutdownGrace: .seconds(try self.integer("server.shutdown_grace", default: 2, in: 0...60)),
                trustedProxies: try TrustedProxies(self.strings(["server", "trusted_proxies"]))
            )
        }

        // MARK: twilio

        func twilio() throws(ConfigurationError) -> TwilioSettings {
            let accountSID: String
            if let value = try self.nonEmpty("twilio.account_sid") {
                accountSID = value
            } else if let (_, value) = self.environmentValue(AccountCredentials.accountSIDVariables, isSecret: false) {
                accountSID = value
            } else {
                throw ConfigurationError(
                    key: "twilio.account_sid",
                    "missing: set it in the file or in \(AccountCredentials.accountSIDVariables.joined(separator: " or "))"
                )
            }
            do {
                try SIDKind.account.validate(accountSID, field: "twilio.account_sid")
            } catch {
                throw ConfigurationError(key: "twilio.account_sid", error.message)
            }
            var region: Region?
            let regionText =
                try self.nonEmpty("twilio.region")
                ?? self.environmentValue([Region.environmentVariable], isSecret: false)?.value
            if let regionText {
                do {
                    region = try Region(id: regionText)
                } catch {
                    throw ConfigurationError(key: "twilio.region", error.message)
                }
            }

            var keys: [APIKey] = []
            let keySIDs = self.document.names["twilio.api_keys"] ?? []
            if keySIDs.isEmpty {
                if let key = try self.environmentKey(accountSID: accountSID) { keys.append(key) }
            }
            for sid in keySIDs {
                keys.append(try self.apiKey(sid, accountSID: accountSID))
            }

            var credentials: AccountCredentials?
            if let authToken = try self.secret(
                fileKey: "twilio.auth_token_file", environmentKey: "twilio.auth_token_env", of: "the Auth Token")
            {
                do {
                    credentials = try AccountCredentials(accountSID: accountSID, authToken: authToken)
                } catch {
                    throw ConfigurationError(key: "twilio.auth_token_file", error.message)
                }
            }
            return try TwilioSettings(
                accountSID: accountSID,
                region: region,
                apiKeys: keys,
                activeKeySID: try self.nonEmpty("twilio.active_api_key"),
                accountCredentials: credentials
            )
        }

        private func environmentKey(accountSID: String) throws(ConfigurationError) -> APIKey? {
            let sid = self.environmentValue(APIKey.sidVariables, isSecret: false)
            let secret = self.environmentValue(APIKey.secretVariables, isSecret: true)
            switch (sid, secret) {
            case (nil, nil):
                return nil
            case (nil, .some):
                throw ConfigurationError(
                    key: "twilio.api_keys",
                    "an API key secret is set in the environment but no key SID (\(APIKey.sidVariables.joined(separator: ", ")))"
                )
            case (.some(let sid), nil):
                throw ConfigurationError(
                    key: "twilio.api_keys",
                    "\(sid.name) is set but no secret (\(APIKey.secretVariables.joined(separator: ", ")))"
                )
            case (.some(let sid), .some(let secret)):
                do {
                    return try APIKey(sid: sid.value, secret: Secret(secret.value), accountSID: accountSID)
                } catch {
                    throw ConfigurationError(key: "twilio.api_keys", "\(sid.name)/\(secret.name): \(error.message)")
                }
            }
        }

        private func apiKey(_ sid: String, accountSID: String) throws(ConfigurationError) -> APIKey {
            let key = "twilio.api_keys.\(sid)"
            do {
                try SIDKind.apiKey.validate(sid, field: key)
            } catch {
                throw ConfigurationError(key: key, error.message)
            }
            guard
                let secret = try self.secret(
                    fileKey: "\(key).secret_file", environmentKey: "\(key).secret_env", of: "the API key secret")
            else {
                throw ConfigurationError(key: key, "needs secret_file or secret_env")
            }
            do {
                return try APIKey(sid: sid, secret: secret, accountSID: accountSID)
            } catch {
                throw ConfigurationError(key: key, error.message)
            }
        }

        /// A secret from the file named by `fileKey` or the environment variable named by `environmentKey`; exactly
        /// one of them may be configured.
        private func secret(fileKey: String, environmentKey: String, of what: String) throws(ConfigurationError)
            -> Secret?
        {
            guard let (text, source) = try self.secretText(fileKey: fileKey, environmentKey: environmentKey) else {
                return nil
            }
            do {
                return try Secret(text)
            } catch {
                throw ConfigurationError(key: source.key, "\(what) in \(source.name): \(error.message)")
            }
        }

        /// The text of a secret, and the config key and file or variable it came from.
        func secretText(fileKey: String, environmentKey: String) throws(ConfigurationError)
            -> (text: String, source: (key: String, name: String))?
        {
            let path = try self.nonEmpty(fileKey)
            let variable = try self.nonEmpty(environmentKey)
            switch (path, variable) {
            case (nil, nil):
                return nil
            case (.some, .some):
                throw ConfigurationError(key: fileKey, "configure either a file or an environment variable, not both")
            case (.some(let path), nil):
                return (try SecretFile.read(path, key: fileKey), (fileKey, path))
            case (nil, .some(let name)):
                guard !name.isEmpty, name.utf8.allSatisfy({ Self.isEnvironmentNameByte($0) }) else {
                    throw ConfigurationError(key: environmentKey, "must be an environment variable name (A-Z, 0-9, _)")
                }
                guard let value = self.environmentValue([name], isSecret: true)?.value else {
                    throw ConfigurationError(key: environmentKey, "the environment variable \(name) is not set")
                }
                return (value, (environmentKey, name))
            }
        }

        private static func isEnvironmentNameByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F
        }

        // MARK: auth

        func auth() throws(ConfigurationError) -> CallerAuthentication {
            guard let mode = self.string("auth.mode") else {
                throw ConfigurationError(key: "auth.mode", "missing: choose jwt, bearer or none")
            }
            guard ["jwt", "bearer", "none"].contains(mode) else {
                throw ConfigurationError(key: "auth.mode", "must be jwt, bearer or none, not `\(mode)`")
            }
            for section in ["jwt", "bearer"] where section != mode && self.document.contains("auth.\(section)") {
                throw ConfigurationError(key: "auth.\(section)", "is configured but auth.mode is `\(mode)`")
            }
            switch mode {
            case "jwt": return .jwt(try self.jwt())
            case "bearer": return .bearer(try self.bearer())
            case "none": return .none
            default: throw ConfigurationError(key: "auth.mode", "must be jwt, bearer or none, not `\(mode)`")
            }
        }

        private func jwt() throws(ConfigurationError) -> JWTCallerSettings {
            guard self.document.contains("auth.jwt") else {
                throw ConfigurationError(key: "auth.jwt", "missing: auth.mode is jwt")
            }
            let source: JWTCallerSettings.KeySource
            switch (try self.nonEmpty("auth.jwt.jwks_file"), try self.nonEmpty("auth.jwt.jwks_url")) {
            case (.some(let path), nil):
                try SecretFile.checkReadable(path, key: "auth.jwt.jwks_file")
                source = .file(path)
            case (nil, .some(let text)):
                guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host else {
                    throw ConfigurationError(key: "auth.jwt.jwks_url", "is not an absolute URL")
                }
                guard scheme == "https" || (scheme == "http" && ServerSettings.isLoopback(host)) else {
                    throw ConfigurationError(
                        key: "auth.jwt.jwks_url", "must be https (plain http is allowed for a loopback host only)")
                }
                source = .url(url)
            case (nil, nil):
                throw ConfigurationError(key: "auth.jwt", "needs jwks_file or jwks_url")
            case (.some, .some):
                throw ConfigurationError(key: "auth.jwt", "configure either jwks_file or jwks_url, not both")
            }
            guard let issuer = try self.nonEmpty("auth.jwt.issuer") else {
                throw ConfigurationError(key: "auth.jwt.issuer", "missing: the identity provider's `iss`, exactly")
            }
            guard let audience = try self.nonEmpty("auth.jwt.audience") else {
                throw ConfigurationError(
                    key: "auth.jwt.audience", "missing: the `aud` your identity provider issues for this app")
            }
            var algorithms: Set<JWTCallerSettings.Algorithm> = [.rs256]
            if self.document.contains("auth.jwt.algorithms") {
                algorithms = []
                for name in self.strings(["auth", "jwt", "algorithms"]) {
                    guard let algorithm = JWTCallerSettings.Algorithm(rawValue: name) else {
                        let reason =
                            name.uppercased().hasPrefix("HS") || name.lowercased() == "none"
                            ? "is never allowed: callers' tokens are verified with the provider's public keys"
                            : "is not supported"
                        throw ConfigurationError(
                            key: "auth.jwt.algorithms",
                            "`\(name)` \(reason); use \(JWTCallerSettings.Algorithm.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    algorithms.insert(algorithm)
                }
                if algorithms.isEmpty {
                    throw ConfigurationError(key: "auth.jwt.algorithms", "must name at least one algorithm")
                }
            }
            var profiles: Set<String>?
            if self.document.contains("auth.jwt.profiles") {
                profiles = Set(self.strings(["auth", "jwt", "profiles"]))
            }
            return JWTCallerSettings(
                keySource: source,
                issuer: issuer,
                audience: audience,
                identityClaim: try self.nonEmpty("auth.jwt.identity_claim") ?? "sub",
                algorithms: algorithms,
                leeway: .seconds(try self.integer("auth.jwt.leeway", default: 60, in: 0...300)),
                refreshInterval: .seconds(try self.integer("auth.jwt.refresh_interval", default: 60, in: 1...86_400)),
                profiles: profiles
            )
        }

        private func bearer() throws(ConfigurationError) -> [BearerPrincipal] {
            let names = self.document.names["auth.bearer"] ?? []
            guard !names.isEmpty else {
                throw ConfigurationError(
                    key: "auth.bearer", "missing: auth.mode is bearer, so at least one principal is needed")
            }
            var seenHashes: Set<[UInt8]> = []
            return try names.map { (name) throws(ConfigurationError) -> BearerPrincipal in
                let key = "auth.bearer.\(name)"
                guard TokenProfile.isValidName(name) else {
                    throw ConfigurationError(key: key, "a principal name is 1 to 64 letters, digits, `_` or `-`")
                }
                guard let hex = self.string(["auth", "bearer", name, "key_sha256"]),
                    let hash = Self.sha256Hex(hex)
                else {
                    throw ConfigurationError(
                        key: "\(key).key_sha256",
                        "must be the SHA-256 of the key as 64 lower-case hex digits (`printf %s KEY | sha256sum`)"
                    )
                }
                guard seenHashes.insert(hash).inserted else {
                    throw ConfigurationError(key: "\(key).key_sha256", "is the same key as another principal's")
                }
                let identities = self.strings(["auth", "bearer", name, "identities"])
                guard !identities.isEmpty, identities.allSatisfy({ !$0.isEmpty }) else {
                    throw ConfigurationError(
                        key: "\(key).identities", "must list the identities this principal may ask for")
                }
                let profiles = self.strings(["auth", "bearer", name, "profiles"])
                guard !profiles.isEmpty else {
                    throw ConfigurationError(key: "\(key).profiles", "must list the profiles this principal may use")
                }
                return BearerPrincipal(
                    name: name, keySHA256: hash, identities: Set(identities), profiles: Set(profiles))
            }
        }

        static func sha256Hex(_ text: String) -> [UInt8]? {
            let digits = Array(text.utf8)
            guard digits.count == SHA256.byteCount * 2 else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(SHA256.byteCount)
            var index = 0
            while index < digits.count {
                guard let high = Self.hexValue(digits[index]), let low = Self.hexValue(digits[index + 1]) else {
                    return nil
                }
                bytes.append(high << 4 | low)
                index += 2
            }
            return bytes
        }

        private static func hexValue(_ digit: UInt8) -> UInt8? {
            switch digit {
            case 0x30...0x39: digit - 0x30
            case 0x61...0x66: digit - 0x61 + 10
            default: nil
            }
        }

        // MARK: cors, rate_limit

        func cors() throws(ConfigurationError) -> CORSSettings {
            let origins = self.strings(["cors", "allowed_origins"])
            for origin in origins {
                guard Self.isOrigin(origin) else {
                    throw ConfigurationError(
                        key: "cors.allowed_origins",
                        "`\(origin)` is not an origin as browsers send it, such as https://app.example.com (lower-case scheme and host, a port only if not the default, no path; `*` is not allowed)"
                    )
                }
            }
            return CORSSettings(allowedOrigins: origins)
        }

        /// An origin as a browser serialises it (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin):
        /// scheme and host in lower case, the port only when it is not the scheme's default. A list entry in another
        /// form would never equal a browser's `Origin` header, so it is refused rather than silently never matching.
        static func isOrigin(_ text: String) -> Bool {
            guard let url = URL(string: text), let scheme = url.scheme, scheme == "https" || scheme == "http",
                let host = url.host, !host.isEmpty, url.path.isEmpty, url.query == nil, url.fragment == nil,
                url.user == nil, !text.hasSuffix("/")
            else { return false }
            if let port = url.port, port == (scheme == "https" ? 443 : 80) { return false }
            return text.lowercased() == text
        }

        func rateLimit() throws(ConfigurationError) -> RateLimitSettings {
            RateLimitSettings(
                perPrincipalPerMinute: try self.integer(
                    "rate_limit.per_principal_per_minute", default: 60, in: 0...1_000_000),
                perIPPerMinute: try self.integer("rate_limit.per_ip_per_minute", default: 120, in: 0...1_000_000)
            )
        }

        // MARK: profiles

        func profile(_ name: String) throws(ConfigurationError) -> TokenProfile {
            let base = ["profiles", name]
            let grants = "profiles.\(name).grants"
            var video: TokenProfile.Video?
            if self.document.contains("\(grants).video") {
                var pattern: RoomPattern?
                if let source = self.string(base + ["grants", "video", "room_pattern"]) {
                    do {
                        pattern = try RoomPattern(source)
                    } catch {
                        throw ConfigurationError(key: "\(grants).video.room_pattern", error.message)
                    }
                }
                let fromRequest = self.boolean(base + ["grants", "video", "room_from_request"])
                let room = self.string(base + ["grants", "video", "room"])
                if pattern != nil && !fromRequest {
                    throw ConfigurationError(
                        key: "\(grants).video.room_pattern", "applies only with room_from_request: true")
                }
                if room != nil && fromRequest {
                    throw ConfigurationError(
                        key: "\(grants).video.room", "a fixed room and room_from_request: true exclude each other")
                }
                video = TokenProfile.Video(roomFromRequest: fromRequest, roomPattern: pattern, room: room)
            }
            var voice: TokenProfile.Voice?
            if self.document.contains("\(grants).voice") {
                voice = TokenProfile.Voice(
                    incoming: self.boolean(base + ["grants", "voice", "incoming"]),
                    outgoingApplicationSID: self.string(base + ["grants", "voice", "outgoing_application_sid"]),
                    pushCredentialSID: self.string(base + ["grants", "voice", "push_credential_sid"])
                )
            }
            var chat: TokenProfile.Chat?
            if self.document.contains("\(grants).chat") {
                chat = TokenProfile.Chat(serviceSID: self.string(base + ["grants", "chat", "service_sid"]))
            }
            var sync: TokenProfile.Sync?
            if self.document.contains("\(grants).sync") {
                sync = TokenProfile.Sync(serviceSID: self.string(base + ["grants", "sync", "service_sid"]))
            }
            return try TokenProfile(
                name: name,
                ttl: try self.integer("profiles.\(name).ttl", default: 3600, in: 1...Expiration.maximumTTL),
                video: video,
                voice: voice,
                chat: chat,
                sync: sync
            )
        }
    }
}
#endif
