// Times this library, vapor/jwt-kit 5 and the bare HMAC on the same access token, and TwilioWebhooks' validation of
// one webhook request, for compare.sh.
//
// Usage: Compare [--seconds S] [--runs R] [--only NAME] [--iterations N] [--print-tokens]
//
// Each operation is warmed up, calibrated to about S seconds per run (0.2 by default), then run R times (7 by
// default) on a monotonic clock; the best run is reported, as tokens per second, one `name<TAB>value` line per
// operation on standard output. --print-tokens prints the tokens instead (`name<TAB>token`), so that compare.sh
// can check that twilio-python mints the very same ones. --only NAME measures that operation alone, for a profiler
// (`perf record Compare --only mint_access`); it also takes verify_capability, mint_worker, verify_worker and
// decode_access. --iterations N (with --only) runs the operation exactly N times instead of timing it, so that a
// counter (`perf stat -e probe_libswiftCore:swift_retain`, a malloc count) can be divided by N.

import BenchmarkFixtures
import Crypto
import Foundation
import JWTKit
import TwilioJWT
import TwilioWebhooks

// MARK: - Options

struct Options {
    var seconds = 0.2
    var runs = 7
    var printTokens = false
    var only: String?
    var iterations: Int?

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--seconds": self.seconds = iterator.next().flatMap(Double.init) ?? self.seconds
            case "--runs": self.runs = iterator.next().flatMap(Int.init) ?? self.runs
            case "--print-tokens": self.printTokens = true
            case "--only": self.only = iterator.next()
            case "--iterations": self.iterations = iterator.next().flatMap(Int.init)
            default:
                FileHandle.standardError.write(Data("Compare: unknown argument \(argument)\n".utf8))
                exit(64)
            }
        }
    }
}

// MARK: - Timing

/// Accumulates a value from every result, printed at the end, so that no measured call can be optimized away.
nonisolated(unsafe) var checksum = 0

func elapsedSeconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) + Double(attoseconds) * 1e-18
}

/// Best-of-`runs` throughput of `body`, which performs the operation `count` times.
func throughput(_ options: Options, _ body: (Int) throws -> Void) rethrows -> Double {
    if let iterations = options.iterations {
        try body(iterations)
        return Double(iterations)
    }
    let clock = ContinuousClock()
    // Warm up (caches, lazy globals) and calibrate: double the count until a batch takes 10 ms.
    var count = 16
    while true {
        let start = clock.now
        try body(count)
        let seconds = elapsedSeconds(clock.now - start)
        if seconds >= 0.01 {
            count = max(1, Int(Double(count) * options.seconds / seconds))
            break
        }
        count *= 2
    }
    var best = 0.0
    for _ in 0..<options.runs {
        let start = clock.now
        try body(count)
        best = max(best, Double(count) / elapsedSeconds(clock.now - start))
    }
    return best
}

/// The same for an async operation; `body` runs in the calling task, so its awaits are the only suspensions.
func throughput(_ options: Options, _ body: (Int) async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock()
    var count = 16
    while true {
        let start = clock.now
        try await body(count)
        let seconds = elapsedSeconds(clock.now - start)
        if seconds >= 0.01 {
            count = max(1, Int(Double(count) * options.seconds / seconds))
            break
        }
        count *= 2
    }
    var best = 0.0
    for _ in 0..<options.runs {
        let start = clock.now
        try await body(count)
        best = max(best, Double(count) / elapsedSeconds(clock.now - start))
    }
    return best
}

// MARK: - jwt-kit

/// The access token's claims as a jwt-kit payload: the same members and values as the library's token (jwt-kit
/// writes them in its own order, so the token is not byte-identical, but it has the same length).
struct TwilioAccessPayload: JWTPayload, Equatable {
    struct Grants: Codable, Equatable {
        var voice: Voice
        var video: Video
        var identity: String
    }

    struct Voice: Codable, Equatable {
        var incoming: Incoming
        var outgoing: Outgoing
    }

    struct Incoming: Codable, Equatable {
        var allow: Bool
    }

    struct Outgoing: Codable, Equatable {
        var applicationSID: String
        var params: Params

        enum CodingKeys: String, CodingKey {
            case applicationSID = "application_sid"
            case params
        }
    }

    struct Params: Codable, Equatable {
        var customer: Int
    }

    struct Video: Codable, Equatable {
        var room: String
    }

    var jti: IDClaim
    var grants: Grants
    var iss: IssuerClaim
    var exp: ExpirationClaim
    var nbf: NotBeforeClaim
    var sub: SubjectClaim

    /// Checks the times at the same instant as the library's verifier (the token expired in 2023).
    func verify(using algorithm: some JWTAlgorithm) async throws {
        let now = Date(timeIntervalSince1970: Double(Fixtures.verifiedAt))
        try self.exp.verifyNotExpired(currentDate: now)
        try self.nbf.verifyNotBefore(currentDate: now)
    }

    static let fixture = TwilioAccessPayload(
        jti: IDClaim(value: "\(Fixtures.apiKeySID)-\(Fixtures.issuedAt)"),
        grants: Grants(
            voice: Voice(
                incoming: Incoming(allow: true),
                outgoing: Outgoing(applicationSID: Fixtures.applicationSID, params: Params(customer: 42))
            ),
            video: Video(room: Fixtures.room),
            identity: Fixtures.identity
        ),
        iss: IssuerClaim(value: Fixtures.apiKeySID),
        exp: ExpirationClaim(value: Date(timeIntervalSince1970: Double(Fixtures.issuedAt + 3600))),
        nbf: NotBeforeClaim(value: Date(timeIntervalSince1970: Double(Fixtures.issuedAt))),
        sub: SubjectClaim(value: Fixtures.accountSID)
    )

    static var header: JWTHeader {
        var header = JWTHeader()
        header.cty = "twilio-fpa;v=1"
        return header
    }
}

/// A key collection with the API key secret as its HS256 key.
@concurrent
func jwtKitKeys() async -> JWTKeyCollection {
    let keys = JWTKeyCollection()
    await keys.add(hmac: HMACKey(from: Fixtures.secret), digestAlgorithm: .sha256)
    return keys
}

/// Measures jwt-kit as an application calls it: `try await keys.sign(…)` / `keys.verify(…)` on the
/// `JWTKeyCollection` actor, one call after another in one task (off the main actor, so that each call hops only
/// onto the key collection's actor and back, not between threads).
@concurrent
func measureJWTKit(_ options: Options, keys: JWTKeyCollection) async throws -> (mint: Double, verify: Double) {
    let payload = TwilioAccessPayload.fixture
    let header = TwilioAccessPayload.header
    let token = try await keys.sign(payload, header: header)
    guard try await keys.verify(token, as: TwilioAccessPayload.self) == payload else {
        throw CompareError("jwt-kit did not verify its own token back to the same claims")
    }
    let mint = try await throughput(options) { count in
        for _ in 0..<count {
            checksum &+= try await keys.sign(payload, header: header).utf8.count
        }
    }
    let verify = try await throughput(options) { count in
        for _ in 0..<count {
            checksum &+= try await keys.verify(token, as: TwilioAccessPayload.self).grants.identity.utf8.count
        }
    }
    return (mint, verify)
}

// MARK: - The floor: HMAC-SHA256 of the prebuilt signing input, and base64url of the MAC

enum Floor {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Unpadded base64url of `bytes` into `output` (which must have room for it).
    static func base64URL(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) {
        var out = 0
        var index = 0
        while index + 3 <= bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output[out] = alphabet[Int(value >> 18 & 63)]
            output[out + 1] = alphabet[Int(value >> 12 & 63)]
            output[out + 2] = alphabet[Int(value >> 6 & 63)]
            output[out + 3] = alphabet[Int(value & 63)]
            out += 4
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let second = rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0
            let value = UInt32(bytes[index]) << 16 | second
            output[out] = alphabet[Int(value >> 18 & 63)]
            output[out + 1] = alphabet[Int(value >> 12 & 63)]
            if rest == 2 {
                output[out + 2] = alphabet[Int(value >> 6 & 63)]
            }
        }
    }

    /// HMAC-SHA256 of the token's signing input and base64url of the MAC, into a reused buffer. `prekeyed`: from
    /// a copy of an `HMAC<SHA256>` already keyed, as a signer that keeps the key's inner and outer states would.
    static func measure(_ options: Options, token: String, prekeyed: Bool = false) -> Double {
        let parts = token.split(separator: ".")
        let signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        let expected = Array(parts[2].utf8)
        let key = SymmetricKey(data: Array(Fixtures.secret.utf8))
        let keyed = HMAC<SHA256>(key: key)
        var encoded = [UInt8](repeating: 0, count: 43)
        func mac() -> HMAC<SHA256>.MAC {
            if prekeyed {
                var hmac = keyed
                hmac.update(data: signingInput)
                return hmac.finalize()
            }
            return HMAC<SHA256>.authenticationCode(for: signingInput, using: key)
        }
        encoded.withUnsafeMutableBufferPointer { output in mac().withUnsafeBytes { base64URL($0, into: output) } }
        precondition(encoded == expected, "the floor's MAC differs from the library's signature")
        return throughput(options) { count in
            encoded.withUnsafeMutableBufferPointer { output in
                for _ in 0..<count {
                    mac().withUnsafeBytes { base64URL($0, into: output) }
                    checksum &+= Int(output[0])
                }
            }
        }
    }
}

// MARK: - Webhook validation (TwilioWebhooks)

/// The request of twilio-python's own `RequestValidator` tests: their URL and a Voice call's five parameters, signed
/// with the fixtures' 32-character auth token; compare.py validates the same request with twilio-python.
enum WebhookFixture {
    static let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let parameters: WebhookParameters = [
        "CallSid": "CA1234567890ABCDE", "Caller": "+14158675309", "Digits": "1234", "From": "+14158675309",
        "To": "+18005551212",
    ]
    static let authToken = try! WebhookSecret(Fixtures.secret)
    static let signature = WebhookSignature.compute(url: url, parameters: parameters, secret: authToken)
    static let request = WebhookRequest(url: url, body: .form(parameters), signature: signature)
}

struct CompareError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Main

let options = Options(Array(CommandLine.arguments.dropFirst()))
// No RSA key: Fixtures.verifier would make one first, which shows in a profile of an --only run.
let verifier = try TokenVerifier(apiKeys: [Fixtures.apiKey], accounts: [Fixtures.account])
let accessToken = try Fixtures.mintAccess()
let capabilityToken = try Fixtures.mintCapability()
let jwtKeys = await jwtKitKeys()
let jwtKitToken = try await jwtKeys.sign(TwilioAccessPayload.fixture, header: TwilioAccessPayload.header)

if options.printTokens {
    print("mint_access\t\(accessToken)")
    print("mint_capability\t\(capabilityToken)")
    print("jwtkit_mint_access\t\(jwtKitToken)")
    print("webhook_signature\t\(WebhookFixture.signature)")
    exit(0)
}

_ = try verifier.verify(accessToken, as: AccessTokenClaims.self, at: Fixtures.verifiedAt)
/// Whether to measure `name`: with --only, that one; otherwise the operations of compare.sh's table.
@MainActor
func selected(_ name: String, extra: Bool = false) -> Bool {
    options.only.map { $0 == name } ?? !extra
}

/// One result line, written at once (compare.sh shows each as it comes).
func report(_ name: String, _ value: Double) {
    FileHandle.standardOutput.write(Data("\(name)\t\(Int(value.rounded()))\n".utf8))
}

if selected("mint_access") {
    let value = try throughput(options) { count in
        for _ in 0..<count { checksum &+= try Fixtures.mintAccess().utf8.count }
    }
    report("mint_access", value)
}
if selected("verify_access") {
    let value = try throughput(options) { count in
        for _ in 0..<count {
            checksum &+= try verifier.verify(accessToken, as: AccessTokenClaims.self, at: Fixtures.verifiedAt).claims
                .expiresAt
        }
    }
    report("verify_access", value)
}
if selected("mint_capability") {
    let value = try throughput(options) { count in
        for _ in 0..<count { checksum &+= try Fixtures.mintCapability().utf8.count }
    }
    report("mint_capability", value)
}
if selected("jwtkit_mint_access") || selected("jwtkit_verify_access") {
    let jwtKit = try await measureJWTKit(options, keys: jwtKeys)
    report("jwtkit_mint_access", jwtKit.mint)
    report("jwtkit_verify_access", jwtKit.verify)
}
if selected("hmac_only") {
    report("hmac_only", Floor.measure(options, token: accessToken))
}
if selected("webhook_validate") {
    // `validate(_:)` as a web framework's middleware calls it: the request's URL read into its two forms, the
    // signature of each with the Auth Token, both compared in constant time.
    let validator = try WebhookValidator(authTokens: [WebhookFixture.authToken])
    let value = try throughput(options) { count in
        for _ in 0..<count { checksum &+= try validator.validate(WebhookFixture.request).secretIndex + 1 }
    }
    report("webhook_validate", value)
}
if selected("hmac_only_prekeyed") {
    report("hmac_only_prekeyed", Floor.measure(options, token: accessToken, prekeyed: true))
}

// Only with --only, for profiling the other token kinds (the ordo-one benchmarks measure them all).
if selected("verify_capability", extra: true) {
    let value = try throughput(options) { count in
        for _ in 0..<count {
            checksum &+= try verifier.verify(capabilityToken, as: ClientCapabilityClaims.self, at: Fixtures.verifiedAt)
                .claims
                .expiresAt
        }
    }
    report("verify_capability", value)
}
if selected("mint_worker", extra: true) {
    let value = try throughput(options) { count in
        for _ in 0..<count { checksum &+= try Fixtures.mintWorker().utf8.count }
    }
    report("mint_worker", value)
}
if selected("verify_worker", extra: true) {
    let token = try Fixtures.mintWorker()
    let value = try throughput(options) { count in
        for _ in 0..<count {
            checksum &+= try verifier.verify(token, as: TaskRouterClaims.self, at: Fixtures.verifiedAt).claims.expiresAt
        }
    }
    report("verify_worker", value)
}
if selected("decode_access", extra: true) {
    // The decoding alone (strict base64url and JSON, no signature or claims): what verification costs before the HMAC.
    let value = try throughput(options) { count in
        for _ in 0..<count { checksum &+= try UnverifiedToken(decoding: accessToken).signature.count }
    }
    report("decode_access", value)
}
let lengths = "library \(accessToken.utf8.count), jwt-kit \(jwtKitToken.utf8.count)"
FileHandle.standardError.write(Data("Compare: checksum \(checksum); access token lengths: \(lengths)\n".utf8))
