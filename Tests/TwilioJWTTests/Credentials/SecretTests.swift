import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

@Suite("Secrets never show their value")
struct SecretTests {
    @Test("Secret, APIKey and the token description are redacted in every rendering")
    func redacted() throws {
        let secret = try Secret(Canary.apiSecret)
        let key = try APIKey(
            sid: "SK" + String(repeating: "b", count: 32),
            secret: secret,
            accountSID: "AC" + String(repeating: "a", count: 32)
        )
        let values: [Any] = [secret, key, [secret], Optional(key) as Any]
        for value in values {
            for rendering in Canary.renderings(of: value) {
                #expect(Canary.leaks(in: rendering).isEmpty, "secret material in: \(rendering)")
            }
        }
        #expect(secret.description == "Secret(<redacted>, 33 bytes)")
        #expect("\(key)".contains("secret: <redacted>"))
        #expect(Mirror(reflecting: secret).children.isEmpty)
        #expect(Mirror(reflecting: key).children.map(\.label) == ["sid", "accountSID"])
    }

    @Test("the key is the UTF-8 bytes of the string, never decoded")
    func bytesAsTyped() throws {
        #expect(try Secret("abcdefghijklmnopqrstuvwxyz012345").byteCount == 32)
        // 16 two-byte characters are 32 bytes: accepted, as Java and .NET count bytes too.
        #expect(try Secret(String(repeating: "é", count: 16)).byteCount == 32)
        #expect(throws: TokenError.self) { try Secret(String(repeating: "é", count: 15)) }
    }
}
