import Crypto
import Foundation
import TwilioJWTTestSupport

@testable import TwilioJWT

/// The fixtures of docs/security-checklist.md#fixtures: secret `S`, key `SK1…1`, account `AC0…0`, clock 1700000100,
/// and the valid token `T0`. Mutations are re-signed with the fixture key (by plain swift-crypto HMAC, not the
/// library's signer), so that each violates exactly one rule.
enum Fixture {
    static let secret = String(repeating: "s", count: 32)
    static let keySID = "SK" + String(repeating: "1", count: 32)
    static let accountSID = "AC" + String(repeating: "0", count: 32)
    static let now = 1_700_000_100

    static let header = #"{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}"#
    static let payload =
        #"{"jti":"SK11111111111111111111111111111111-1700000000","iss":"SK11111111111111111111111111111111","#
        + #""sub":"AC00000000000000000000000000000000","iat":1700000000,"nbf":1700000000,"exp":1700003600,"#
        + #""grants":{"identity":"alice","voice":{"incoming":{"allow":true}}}}"#

    /// `T0`: the header and payload above, HS256 with `secret` (docs/security-checklist.md#fixtures).
    static let t0 =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImN0eSI6InR3aWxpby1mcGE7dj0xIn0.eyJqdGkiOiJTSzExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExLTE3MDAwMDAwMDAiLCJpc3MiOiJTSzExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExIiwic3ViIjoiQUMwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMCIsImlhdCI6MTcwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDM2MDAsImdyYW50cyI6eyJpZGVudGl0eSI6ImFsaWNlIiwidm9pY2UiOnsiaW5jb21pbmciOnsiYWxsb3ciOnRydWV9fX19.b2EsL2mzHeudhLb_SUBBbErqhn9xFo08cEPTudNHfbw"

    static let apiKey = try! APIKey(sid: keySID, secret: Secret(secret), accountSID: accountSID)
    static let verifier = try! TokenVerifier(apiKeys: [apiKey])

    static func b64(_ bytes: some Sequence<UInt8>) -> String {
        base64URLEncoded(bytes)
    }

    static func segment(_ json: String) -> String { b64(Array(json.utf8)) }

    /// A token with these JSON texts, HMAC'd with `secret` using `hash`.
    static func token(
        header: String = header,
        payload: String = payload,
        secret: [UInt8] = Array(secret.utf8),
        hash: String = "SHA256"
    ) -> String {
        let input = segment(header) + "." + segment(payload)
        return input + "." + sign(input, secret: secret, hash: hash)
    }

    static func sign(_ input: String, secret: [UInt8], hash: String = "SHA256") -> String {
        let key = SymmetricKey(data: secret)
        switch hash {
        case "SHA384": return b64(HMAC<SHA384>.authenticationCode(for: Array(input.utf8), using: key))
        case "SHA512": return b64(HMAC<SHA512>.authenticationCode(for: Array(input.utf8), using: key))
        default: return b64(HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: key))
        }
    }

    /// `payload` with `"name":old` replaced by `"name":new` (for claim mutations).
    static func payload(replacing old: String, with new: String) -> String {
        precondition(payload.contains(old), "fixture payload does not contain \(old)")
        return payload.replacingOccurrences(of: old, with: new)
    }

    static func header(replacing old: String, with new: String) -> String {
        precondition(header.contains(old))
        return header.replacingOccurrences(of: old, with: new)
    }

    /// T0's segments.
    static var parts: [String] { t0.components(separatedBy: ".") }
}
