import TwilioJWT
import TwilioJWTTestSupport

/// The access token twilio-ruby mints for AT-1 (`RB AT-1` of `Vectors/cross-library-tokens.json`), whose header
/// has members in another order than twilio-python's and a `twr` of `null`.
let rubyAccessToken: String = {
    let file = try! loadVectorFile("cross-library-tokens")
    return file["tokens"]!.arrayValue!.first { $0["id"]?.stringValue?.hasPrefix("RB AT-1") == true }!["token"]!
        .stringValue!
}()

extension AccessTokenSpec {
    /// Each grant of `specs` as its key and its JSON, read back from the `grants` claim of a token the library mints
    /// with them (the library writes grants as twilio-python does), in the token's order.
    static func written(_ specs: [JSONValue]) throws -> [(key: String, json: String)] {
        var token = AccessToken(identity: nil)
        for spec in specs {
            token.grants.add(Self.grant(spec))
        }
        let key = try APIKey(
            sid: "SK" + String(repeating: "b", count: 32),
            secret: Secret("abcdefghijklmnopqrstuvwxyz012345"),
            accountSID: "AC" + String(repeating: "a", count: 32)
        )
        let payload = try UnverifiedToken(decoding: token.jwt(signedWith: key, issuedAt: 1_700_000_000)).payload
        return (payload["grants"]?.objectValue ?? [:]).map { ($0.key, $0.value.json) }
    }
}
