import Crypto
import Foundation
import Logging
import Synchronization
import TwilioJWT
import _CryptoExtras

@testable import TwilioTokenService

/// What the server tests share: obviously fake Twilio credentials with a canary secret, bearer keys, an identity
/// provider's keys, config files in a private temporary folder, and a log handler that keeps every line.
enum Fixtures {
    static let accountSID = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    static let keySID = "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
    static let secondKeySID = "SKdddddddddddddddddddddddddddddddd"
    static let applicationSID = "APcccccccccccccccccccccccccccccccc"
    static let serviceSID = "ISeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

    /// The API key secret: a canary, searched for in every output a test captures (logs, bodies, headers, errors).
    static let canarySecret = "CANARYsecret0123456789abcdefghijk"
    static let secondSecret = "SECONDsecret0123456789abcdefghijk"
    /// A bearer key and its configured hash.
    static let bearerKey = "CANARYbearer-key-0123456789abcdef"
    static var bearerKeyHash: String { Self.sha256Hex(Self.bearerKey) }

    static let issuer = "https://login.example.com/"
    static let audience = "twilio-token-server-tests"

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A private temporary folder, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `name` in `directory` with `mode`, and returns its path.
    @discardableResult
    static func write(_ text: String, _ name: String, in directory: URL, mode: Int = 0o600) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url.path
    }

    /// A complete bearer-mode config; `extra` is appended as is, and `replacing` edits the text first.
    static func bearerConfig(secretPath: String, extra: String = "", host: String = "127.0.0.1") -> String {
        """
        server:
          host: \(host)
          port: 0
        twilio:
          account_sid: \(accountSID)
          active_api_key: \(keySID)
          api_keys:
            \(keySID): { secret_file: \(secretPath) }
        auth:
          mode: bearer
          bearer:
            backend: { key_sha256: \(bearerKeyHash), identities: [alice, bob], profiles: [video, voice] }
            single: { key_sha256: \(sha256Hex("single-principal-key-0123456789ab")), identities: [carol], profiles: [chat] }
        cors:
          allowed_origins: [ "https://app.example.com" ]
        profiles:
          video:
            ttl: 600
            grants:
              video: { room_from_request: true, room_pattern: "standup-[a-z]+" }
          voice:
            grants:
              voice: { incoming: true, outgoing_application_sid: \(applicationSID) }
          chat:
            ttl: 1200
            grants:
              chat: { service_sid: \(serviceSID) }
        compatibility:
          access_token: voice
          token_get: voice
          token_post: video
        \(extra)
        """
    }

    /// A loaded bearer configuration, its secret in a temporary file.
    static func bearerConfiguration(
        extra: String = "", edit: (String) -> String = { $0 }
    ) async throws -> ServiceConfiguration {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = try Self.write(Self.canarySecret + "\n", "api.secret", in: directory)
        let config = try Self.write(
            edit(Self.bearerConfig(secretPath: secret, extra: extra)), "server.yaml", in: directory)
        return try await ConfigurationLoader(filePath: config, environment: [:]).load()
    }
}

// MARK: - Logs

/// A log handler that keeps every line with its metadata, for assertions and canary searches.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { self.lines.withLock { $0 } }
    var text: String { self.all.joined(separator: "\n") }

    func logger(_ label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) {
        self.lines.withLock { $0.append(line) }
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            self.log.append("\(event.level) \(event.message) \(fields)")
        }
    }
}

// MARK: - Canary search

enum Canary {
    /// The forms a secret can leak in: raw, base64, base64url, hex, percent-encoded, and each 8-character piece.
    static func forms(of secret: String) -> [String] {
        let bytes = Data(secret.utf8)
        let base64 = bytes.base64EncodedString()
        let base64URL = base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let percent = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret
        let characters = Array(secret)
        let pieces = stride(from: 0, through: characters.count - 8, by: 1).map { String(characters[$0..<$0 + 8]) }
        return [secret, base64, base64URL, hex, percent] + pieces
    }

    /// The forms of `secret` that occur in `text`.
    static func leaks(of secret: String, in text: String) -> [String] {
        Self.forms(of: secret).filter { text.contains($0) }
    }
}

// MARK: - Identity provider

/// An identity provider's signing keys and a JWKS with their public halves; it signs ID tokens with any header, so
/// that tests can make hostile ones.
struct IdentityProvider: Sendable {
    let rsa: _RSA.Signing.PrivateKey
    let ec: P256.Signing.PrivateKey
    let otherRSA: _RSA.Signing.PrivateKey

    static let shared: IdentityProvider = {
        // 2048-bit keys, generated once per test process.
        IdentityProvider(
            rsa: try! _RSA.Signing.PrivateKey(keySize: .bits2048),
            ec: P256.Signing.PrivateKey(),
            otherRSA: try! _RSA.Signing.PrivateKey(keySize: .bits2048)
        )
    }()

    /// `{"keys": [RSA "rsa-1" (RS256), EC "ec-1" (ES256)]}`, and with `rotated`, also `otherRSA` as "rsa-2".
    func jwks(rotated: Bool = false) -> String {
        let point = self.ec.publicKey.rawRepresentation
        let x = Base64URL.encode(point.prefix(32))
        let y = Base64URL.encode(point.suffix(32))
        var keys = [
            Self.rsaJWK(self.rsa, kid: "rsa-1"),
            #"{"kty":"EC","kid":"ec-1","use":"sig","crv":"P-256","x":"\#(x)","y":"\#(y)"}"#,
        ]
        if rotated { keys.append(Self.rsaJWK(self.otherRSA, kid: "rsa-2")) }
        return #"{"keys":["# + keys.joined(separator: ",") + "]}"
    }

    var jwks: String { self.jwks() }

    static func rsaJWK(_ key: _RSA.Signing.PrivateKey, kid: String) -> String {
        let primitives = try! key.publicKey.getKeyPrimitives()
        let n = Base64URL.encode(primitives.modulus)
        let e = Base64URL.encode(primitives.publicExponent)
        return #"{"kty":"RSA","kid":"\#(kid)","use":"sig","alg":"RS256","n":"\#(n)","e":"\#(e)"}"#
    }

    /// Claims valid at `now` for the test issuer and audience.
    static func claims(now: Int, subject: String = "alice") -> [String: Any] {
        ["iss": Fixtures.issuer, "aud": Fixtures.audience, "sub": subject, "iat": now - 10, "exp": now + 300]
    }

    /// A compact JWS of `header` and `claims`, signed as `header["alg"]` says (`RS256`, `ES256`) with this provider's
    /// keys, or with `key` bytes for `HS256`, or unsigned for `none`.
    func sign(
        header: [String: Any], claims: [String: Any], hmacKey: [UInt8]? = nil, rsaKey: _RSA.Signing.PrivateKey? = nil
    )
        -> String
    {
        let headerJSON = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        let claimsJSON = try! JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])
        let input = Base64URL.encode(headerJSON) + "." + Base64URL.encode(claimsJSON)
        let data = Data(input.utf8)
        let signature: Data
        switch header["alg"] as? String {
        case "RS256":
            signature = try! (rsaKey ?? self.rsa).signature(for: data, padding: .insecurePKCS1v1_5).rawRepresentation
        case "ES256":
            signature = try! self.ec.signature(for: data).rawRepresentation
        case "HS256":
            signature = Data(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: hmacKey ?? [])))
        default:
            signature = Data()
        }
        return input + "." + Base64URL.encode(signature)
    }

    /// An RS256 ID token for `subject`, valid at `now`.
    func idToken(now: Int, subject: String = "alice") -> String {
        self.sign(
            header: ["alg": "RS256", "kid": "rsa-1", "typ": "JWT"], claims: Self.claims(now: now, subject: subject))
    }
}

enum Base64URL {
    static func encode(_ data: some Sequence<UInt8>) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_"
        )
        .replacingOccurrences(of: "=", with: "")
    }
}
