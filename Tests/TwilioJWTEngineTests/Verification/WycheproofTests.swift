import Testing
import TwilioJWTTestSupport

@_spi(Engine) @testable import TwilioJWTEngine

/// Wycheproof's JWS vectors for HS256 (the `hs256` and `base64` groups of `json_web_signature_test.json`; the file and
/// its commit are in the vector file's `source`), run against the engine's JWS primitives: strict base64url, the
/// strict JSON parser for the header, the compact JWS decoder and the HS256 check. The payloads are not JSON claims,
/// so these run below the Twilio-token verifier (docs/security-checklist.md#h01). Where the file's label is wrong, its
/// `override` member gives the expected result (docs/security-checklist.md#wycheproof-overrides).
@Suite("Wycheproof JWS HS256 and base64 vectors")
struct WycheproofTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let group: String
        let key: [UInt8]
        let tcId: Int
        let comment: String
        let jws: String
        let valid: Bool
        var testDescription: String { "\(self.group) tcId \(self.tcId) \(self.comment)" }
    }

    static let vectors: [Vector] = {
        let file = try! loadVectorFile("wycheproof-jws-hs256")
        return file["groups"]!.arrayValue!.flatMap { group in
            let key = Base64URL.decode(group["key"]!.stringValue!)!
            return group["tests"]!.arrayValue!.map { test in
                // Where the file's label is wrong, the override (documented in the file) is what we expect.
                let result =
                    test["override"]?.stringValue.map { $0.hasPrefix("valid") ? "valid" : "invalid" }
                    ?? test["result"]!.stringValue!
                return Vector(
                    group: group["comment"]!.stringValue!,
                    key: key,
                    tcId: test["tcId"]!.intValue!,
                    comment: test["comment"]!.stringValue!,
                    jws: test["jws"]!.stringValue!,
                    valid: result == "valid"
                )
            }
        }
    }()

    /// Whether `header` (decoded bytes) is a JSON object whose `alg` is exactly `HS256`.
    static func namesHS256(_ header: [UInt8]) -> Bool {
        (try? JSONDocument.parse(header, maximumDepth: JWSLimits.verifier.maximumDepth))?.object?["alg"]?
            .isString("HS256") == true
    }

    /// A compact JWS is valid when it has exactly three non-empty segments of strict base64url, a header that
    /// is a JSON object with `alg` exactly `HS256`, and a signature that verifies over the segments as sent.
    static func isValid(_ jws: String, key: [UInt8]) -> Bool {
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }),
            let header = Base64URL.decode(parts[0]), Base64URL.decode(parts[1]) != nil,
            let signature = Base64URL.decode(parts[2]), Self.namesHS256(header)
        else { return false }
        return HS256Key(keyBytes: key).isValidSignature(signature, for: Array((parts[0] + "." + parts[1]).utf8))
    }

    @Test("the files hold 17 hs256 and 21 base64 vectors")
    func counts() {
        #expect(Self.vectors.filter { $0.group == "hs256" }.count == 17)
        #expect(Self.vectors.filter { $0.group == "base64" }.count == 21)
    }

    @Test("expected result", arguments: vectors)
    func vector(_ vector: Vector) {
        #expect(Self.isValid(vector.jws, key: vector.key) == vector.valid)
    }

    /// Whether a vector is valid through the production path: `DecodedJWS.decode` with the verifier's limits (size,
    /// exactly three non-empty segments, strict base64url, UTF-8 JSON header), `alg` exactly `HS256`, and
    /// `DecodedJWS.isValidSignature(key:)` over the signing input exactly as transmitted.
    ///
    /// Wycheproof's payloads (`foo`, `Test`…) are not JSON objects, which every JWT's claims must be (RFC 7519 §7.2,
    /// https://www.rfc-editor.org/rfc/rfc7519#section-7.2), so the decoder rejects each vector at its payload, after
    /// the envelope, the header and the payload's base64url have passed. That one rejection is expected and is the only
    /// one tolerated: the signature's base64url, `alg` and MAC, which the decoder and the verifier would check next,
    /// are then checked by the same engine functions.
    static func isValidThroughProductionPath(_ jws: String, key: [UInt8]) -> Bool {
        let hs256 = HS256Key(keyBytes: key)
        do throws(JWSDecodingError) {
            let decoded = try DecodedJWS.decode(jws, limits: .verifier)
            return decoded.header["alg"]?.isString("HS256") == true && decoded.hasSignature
                && decoded.isValidSignature(key: hs256)
        } catch let error where error.kind == .malformed && Self.isPayloadNotAnObject(error.message) {
            let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let header = Base64URL.decode(parts[0]) else {
                Issue.record("the decoder passed the header of \(jws.prefix(40))… but it does not decode")
                return false
            }
            guard Self.namesHS256(header), let signature = Base64URL.decode(parts[2]), !signature.isEmpty,
                let lastDot = jws.utf8.lastIndex(of: UInt8(ascii: "."))
            else { return false }
            return hs256.isValidSignature(signature, for: Array(jws.utf8[..<lastDot]))
        } catch {
            return false
        }
    }

    /// The decoder's message for a payload that decodes but is not a JSON object.
    static func isPayloadNotAnObject(_ message: String) -> Bool {
        message.hasPrefix("the payload is not acceptable JSON") || message == "the payload must be a JSON object"
    }

    @Test("H01 expected result through the production decoder and HS256 check", arguments: vectors)
    func vectorThroughProductionPath(_ vector: Vector) {
        #expect(Self.isValidThroughProductionPath(vector.jws, key: vector.key) == vector.valid)
    }

    /// The same vectors with their payload replaced by a JSON object and re-signed with the vector's key where the
    /// original verified: then `DecodedJWS` decodes the whole token, and its own signature check must agree.
    @Test("H01 the decoder's own HS256 check, with JSON payloads", arguments: vectors.filter(\.valid))
    func validVectorWithJSONPayload(_ vector: Vector) throws {
        let parts = vector.jws.split(separator: ".", omittingEmptySubsequences: false)
        let payload = Base64URL.encode(#"{"p":"\#(parts[1])"}"#.utf8)
        let signingInput = Array((parts[0] + "." + payload).utf8)
        let signature = Base64URL.encode(HS256Key(keyBytes: vector.key).signature(for: signingInput))
        let token = String(decoding: signingInput, as: UTF8.self) + "." + signature
        let decoded = try DecodedJWS.decode(token, limits: .verifier)
        #expect(decoded.isValidSignature(key: HS256Key(keyBytes: vector.key)))
        #expect(!decoded.isValidSignature(key: HS256Key(keyBytes: vector.key.map { $0 ^ 0x01 })))
        #expect(decoded.signingInput == signingInput)
    }
}
