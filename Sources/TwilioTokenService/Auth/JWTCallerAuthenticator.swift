#if TokenService
import AsyncHTTPClient
import JWTKit
import Logging
import NIOCore
import Synchronization
import TwilioJWT

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `auth.mode: jwt`: verifies the ID tokens of the application's own identity provider (Auth0, Firebase, Cognito,
/// Keycloak, Supabase…) and takes the Twilio identity from one of their claims.
///
/// The token is read with TwilioJWT's strict decoder (three base64url segments, JSON objects without duplicate
/// members), its header checked here (an allowed algorithm, never `none` or HMAC; a `kid` the key set holds, of a key
/// type that matches the algorithm, and the key's own `alg` if it has one; no `crit`), its signature verified by
/// jwt-kit's RSA, ECDSA or EdDSA key made from the JWK, and then its claims checked: `iss` exactly, `aud` containing
/// the audience, `exp` required, `nbf` and `iat` not in the future, each with the configured leeway.
///
/// jwt-kit's `JWTKeyCollection` makes the keys; verification then uses each key directly, so that requests verify in
/// parallel rather than one at a time through the collection's actor, and so that a token naming an unknown `kid` is
/// refused instead of being tried against the collection's default key.
public final class JWTCallerAuthenticator: Sendable {
    /// The settings.
    public let settings: JWTCallerSettings
    private let keys: Mutex<KeySet?>
    private let fetcher: KeySetFetcher
    private let logger: Logger

    /// The largest ID token accepted.
    static let maximumTokenBytes = 16 * 1024

    /// An authenticator. Call ``loadKeys()`` before the first request (the server does so at start).
    public init(settings: JWTCallerSettings, logger: Logger) {
        self.settings = settings
        self.keys = Mutex(nil)
        self.fetcher = KeySetFetcher(settings: settings, logger: logger)
        self.logger = logger
    }

    /// Whether a key set is loaded: `/readyz` reports it.
    public var hasKeys: Bool {
        self.keys.withLock { $0 != nil }
    }

    /// Reads the JWKS file or fetches the JWKS URL now.
    ///
    /// - Throws: ``ConfigurationError`` when the key set cannot be read or holds no usable key; for a URL the server
    ///   starts anyway, not ready, and fetches again when a request comes.
    public func loadKeys() async throws(ConfigurationError) {
        let keySet = try await self.fetcher.fetch()
        self.keys.withLock { $0 = keySet }
    }

    /// The principal `token` authenticates, at Unix time `now`.
    public func authenticate(_ token: String, now: Int) async throws(AuthenticationFailure) -> Principal {
        guard token.utf8.count <= Self.maximumTokenBytes else { throw .malformed }
        let unverified: UnverifiedToken
        do {
            unverified = try UnverifiedToken(decoding: token)
        } catch {
            throw .malformed
        }
        let header = unverified.header
        guard let name = header["alg"]?.stringValue, let algorithm = JWTCallerSettings.Algorithm(rawValue: name),
            self.settings.algorithms.contains(algorithm)
        else { throw .algorithmNotAllowed }
        guard header["crit"] == nil else { throw .malformed }
        let kid: String?
        switch header["kid"] {
        case nil: kid = nil
        case .string(let value)?: kid = value
        default: throw .malformed
        }

        let key = try await self.key(kid: kid, algorithm: algorithm)
        guard let dot = token.utf8.lastIndex(of: UInt8(ascii: ".")) else { throw .malformed }
        let signingInput = Array(token.utf8[..<dot])
        let verified: Bool
        do {
            verified = try key.verify(unverified.signature, signs: signingInput)
        } catch {
            verified = false
        }
        guard verified else { throw .invalidSignature }

        return try self.principal(from: unverified.payload, now: now)
    }

    /// The key for `kid` and `algorithm`, fetching the key set again (at most once per refresh interval) when it does
    /// not hold `kid`.
    private func key(kid: String?, algorithm: JWTCallerSettings.Algorithm) async throws(AuthenticationFailure)
        -> any JWTAlgorithm
    {
        var keySet = self.keys.withLock { $0 }
        if keySet == nil || (kid != nil && keySet?.keys[kid!] == nil) {
            if let fresh = await self.fetcher.refresh() {
                self.keys.withLock { $0 = fresh }
                keySet = fresh
            }
        }
        guard let keySet else { throw .keysUnavailable }
        let entry: KeySet.Entry?
        if let kid {
            entry = keySet.keys[kid]
        } else {
            // A token without `kid` is accepted only when the set has exactly one key: which key signs is then not in
            // doubt.
            entry = keySet.keys.count == 1 ? keySet.keys.values.first : nil
        }
        guard let entry else { throw .unknownKeyID }
        guard let key = entry.verifiers[algorithm] else { throw .algorithmNotAllowed }
        return key
    }

    private func principal(from claims: JSONObject, now: Int) throws(AuthenticationFailure) -> Principal {
        let leeway = Int(self.settings.leeway.components.seconds)
        guard claims["iss"]?.stringValue == self.settings.issuer else { throw .wrongIssuer }
        switch claims["aud"] {
        case .string(let audience)?:
            guard audience == self.settings.audience else { throw .wrongAudience }
        case .array(let audiences)?:
            guard audiences.contains(.string(self.settings.audience)) else { throw .wrongAudience }
        default:
            throw .wrongAudience
        }
        guard let expiry = Self.seconds(claims["exp"]), now < expiry + leeway else { throw .expired }
        if let notBefore = claims["nbf"] {
            guard let value = Self.seconds(notBefore), value <= now + leeway else { throw .notYetValid }
        }
        if let issuedAt = claims["iat"] {
            guard let value = Self.seconds(issuedAt), value <= now + leeway else { throw .notYetValid }
        }
        guard case .string(let identity)? = claims[self.settings.identityClaim], !identity.isEmpty else {
            throw .missingIdentity
        }
        return Principal(
            kind: .jwt,
            name: "jwt:\(identity)",
            boundIdentity: identity,
            allowedProfiles: self.settings.profiles
        )
    }

    /// A NumericDate (RFC 7519 §2): a JSON number of seconds, whole or not; fractions round down.
    private static func seconds(_ value: JSONValue?) -> Int? {
        switch value {
        case .int(let seconds)?: return seconds
        case .double(let seconds)? where seconds.isFinite && abs(seconds) < 1e15: return Int(seconds.rounded(.down))
        default: return nil
        }
    }
}

// MARK: - The key set

/// The identity provider's keys, made into verifiers for each allowed algorithm.
struct KeySet: Sendable {
    struct Entry: Sendable {
        let verifiers: [JWTCallerSettings.Algorithm: any JWTAlgorithm]
    }

    /// By `kid`.
    let keys: [String: Entry]

    /// The largest JWKS document read.
    static let maximumBytes = 1 << 20

    /// Parses a JWKS document and makes, for each key, a verifier for every allowed algorithm its type (and its own
    /// `alg`, if it names one) permits. Keys for other uses (`use: enc`) or of other types are skipped.
    static func make(from data: [UInt8], settings: JWTCallerSettings) async throws(ConfigurationError) -> KeySet {
        let key = settings.keySource.configurationKey
        let jwks: JWKS
        do {
            jwks = try JSONDecoder().decode(JWKS.self, from: Data(data))
        } catch {
            throw ConfigurationError(key: key, "is not a JSON Web Key Set (RFC 7517 §5: an object with a `keys` list)")
        }
        var keys: [String: Entry] = [:]
        for jwk in jwks.keys {
            guard let kid = jwk.keyIdentifier?.string, !kid.isEmpty else { continue }
            guard jwk.privateExponent == nil else {
                throw ConfigurationError(
                    key: key, "the key \(kid) is a private key; a JWKS for verification holds public keys only")
            }
            let collection = JWTKeyCollection()
            do {
                try await collection.add(jwk: jwk)
            } catch {
                continue
            }
            var verifiers: [JWTCallerSettings.Algorithm: any JWTAlgorithm] = [:]
            for algorithm in settings.algorithms where algorithm.keyType == jwk.keyType.rawValue {
                if let own = jwk.algorithm, own.rawValue != algorithm.rawValue { continue }
                if let verifier = try? await collection.getKey(for: JWKIdentifier(string: kid), alg: algorithm.rawValue)
                {
                    verifiers[algorithm] = verifier
                }
            }
            if !verifiers.isEmpty {
                keys[kid] = Entry(verifiers: verifiers)
            }
        }
        guard !keys.isEmpty else {
            throw ConfigurationError(
                key: key,
                "holds no key with a `kid` for the allowed algorithms (\(settings.algorithms.map(\.rawValue).sorted().joined(separator: ", ")))"
            )
        }
        return KeySet(keys: keys)
    }
}

extension JWTCallerSettings.KeySource {
    var configurationKey: String {
        switch self {
        case .file: "auth.jwt.jwks_file"
        case .url: "auth.jwt.jwks_url"
        }
    }
}

/// Reads or fetches the key set, no more often than the refresh interval, one fetch at a time.
actor KeySetFetcher {
    let settings: JWTCallerSettings
    let logger: Logger
    private var lastAttempt: ContinuousClock.Instant?
    private var inFlight: Task<KeySet?, Never>?

    init(settings: JWTCallerSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Reads or fetches the key set now.
    func fetch() async throws(ConfigurationError) -> KeySet {
        self.lastAttempt = .now
        let data = try await self.download()
        return try await KeySet.make(from: data, settings: self.settings)
    }

    /// A fresh key set, or `nil` when the last attempt was less than the refresh interval ago or the fetch failed.
    /// Concurrent callers share one fetch.
    func refresh() async -> KeySet? {
        if let inFlight { return await inFlight.value }
        if let lastAttempt, ContinuousClock.now < lastAttempt + self.settings.refreshInterval { return nil }
        self.lastAttempt = .now
        let task = Task<KeySet?, Never> {
            do {
                let data = try await self.download()
                return try await KeySet.make(from: data, settings: self.settings)
            } catch {
                self.logger.error("cannot refresh the identity provider's keys", metadata: ["reason": "\(error)"])
                return nil
            }
        }
        self.inFlight = task
        let result = await task.value
        self.inFlight = nil
        return result
    }

    private func download() async throws(ConfigurationError) -> [UInt8] {
        let key = self.settings.keySource.configurationKey
        switch self.settings.keySource {
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError(key: key, "cannot read \(path)")
            }
            guard data.count <= KeySet.maximumBytes else {
                throw ConfigurationError(key: key, "\(path) is larger than 1 MiB")
            }
            return Array(data)
        case .url(let url):
            var request = HTTPClientRequest(url: url.absoluteString)
            request.headers.add(name: "Accept", value: "application/json")
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                guard response.status == .ok else {
                    throw ConfigurationError(key: key, "\(url.absoluteString) answered \(response.status.code)")
                }
                let body = try await response.body.collect(upTo: KeySet.maximumBytes)
                return Array(body.readableBytesView)
            } catch let error as ConfigurationError {
                throw error
            } catch {
                throw ConfigurationError(key: key, "cannot fetch \(url.absoluteString) (\(type(of: error)))")
            }
        }
    }
}
#endif
