import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

@Suite("Regions")
struct RegionTests {
    static let key = try! APIKey(
        sid: "SK" + String(repeating: "b", count: 32), secret: Secret("abcdefghijklmnopqrstuvwxyz012345"),
        accountSID: "AC" + String(repeating: "a", count: 32))

    @Test("the documented regions are constants, found by id", arguments: ["us1", "ie1", "au1", "jp1"])
    func documented(id: String) throws {
        let region = try Region(id: id)
        #expect(region.id == id)
        #expect(region.isDocumented)
        #expect(region.isWellFormed)
        #expect(Region.documented.contains(region))
        #expect("\(region)" == id)
    }

    @Test("an id Twilio does not document is refused by id and says how to name it")
    func undocumented() {
        #expect(
            throws: TokenError(
                .invalidRegion,
                "region 'de1' is not a Twilio Region id Twilio documents (au1, ie1, jp1, us1; legacy Voice edge ids "
                    + "such as 'de1' or 'sg1' are not regions); a region Twilio has added since can be named as unlisted"
            )
        ) { try Region(id: "de1") }
        #expect(throws: TokenError.self) { try Region(id: "DE1") }
        let unlisted = Region.unlisted("xy9")
        #expect(unlisted.isWellFormed && !unlisted.isDocumented)
    }

    @Test(
        "an unlisted region mints when well formed, and is refused at minting when not",
        arguments: [("xy9", true), ("de1", true), ("x9", false), ("xyz", false), ("XY9", false), ("", false)])
    func unlistedAtMinting(id: String, mints: Bool) throws {
        let token = AccessToken(identity: "alice", region: .unlisted(id))
        if mints {
            let jwt = try token.jwt(signedWith: Self.key, issuedAt: 1_700_000_000)
            #expect(try UnverifiedToken(decoding: jwt).header["twr"] == .string(id))
        } else {
            #expect { try token.jwt(signedWith: Self.key, issuedAt: 1_700_000_000) } throws: {
                ($0 as? TokenError)?.code == .invalidRegion && ($0 as? TokenError)?.category == .invalidInput
            }
        }
    }

    @Test("a verified token's twr reads back as a documented region, or an unlisted one")
    func claimedRegion() throws {
        let verifier = try TokenVerifier(apiKeys: [Self.key])
        for region in Region.documented + [.unlisted("xy9")] {
            let jwt = try AccessToken(identity: "alice", region: region).jwt(
                signedWith: Self.key, issuedAt: 1_700_000_000)
            let claims = try verifier.verify(jwt, as: AccessTokenClaims.self, at: 1_700_000_001).claims
            #expect(claims.region == region)
            #expect(claims.region?.isDocumented == region.isDocumented)
        }
    }
}
