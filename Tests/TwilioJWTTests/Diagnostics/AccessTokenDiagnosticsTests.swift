import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

@Suite("Access token diagnostics")
struct AccessTokenDiagnosticsTests {
    static let app = "AP" + String(repeating: "c", count: 32)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let token: AccessToken
        /// (field, Twilio error code) of each expected finding, in order.
        let expected: [(String, Int?)]
        var testDescription: String { self.name }
    }

    static let cases: [Case] = [
        Case(
            name: "clean voice token",
            token: AccessToken(identity: "alice_01", grants: [.voice(VoiceGrant(incomingAllowed: true))]), expected: []),
        Case(
            name: "voice identity with a space",
            token: AccessToken(identity: "alice smith", grants: [.voice(VoiceGrant())]),
            expected: [("grants.identity", 31105)]),
        Case(
            name: "voice identity of 122 characters",
            token: AccessToken(identity: String(repeating: "a", count: 122), grants: [.voice(VoiceGrant())]),
            expected: [("grants.identity", 31105)]),
        Case(
            name: "voice identity of 121 characters",
            token: AccessToken(identity: String(repeating: "a", count: 121), grants: [.voice(VoiceGrant())]),
            expected: []),
        Case(
            name: "voice incoming without identity",
            token: AccessToken(grants: [.voice(VoiceGrant(incomingAllowed: true))]),
            expected: [("grants.identity", 31105)]),
        Case(
            name: "voice outgoing only without identity",
            token: AccessToken(grants: [.voice(VoiceGrant(outgoing: .init(applicationSID: app)))]),
            expected: [("grants.identity", 31105)]),
        Case(
            name: "video without identity", token: AccessToken(grants: [.video(VideoGrant(room: "r"))]),
            expected: [("grants.identity", 53200)]),
        Case(
            name: "video identity of 128 characters",
            token: AccessToken(identity: String(repeating: "a", count: 128), grants: [.video(VideoGrant())]),
            expected: []),
        Case(
            name: "video identity of 65 double-byte characters",
            token: AccessToken(identity: String(repeating: "é", count: 65), grants: [.video(VideoGrant())]),
            expected: [("grants.identity", 53201)]),
        Case(
            name: "video with a non-US1 region",
            token: AccessToken(identity: "a", grants: [.video(VideoGrant())], region: .ie1),
            expected: [("header.twr", nil)]),
        Case(
            name: "chat without identity", token: AccessToken(grants: [.chat(ChatGrant())]),
            expected: [("grants.identity", 54351)]),
        Case(
            name: "chat identity of 257 characters",
            token: AccessToken(identity: String(repeating: "a", count: 257), grants: [.chat(ChatGrant())]),
            expected: [("grants.identity", 50207)]),
        Case(
            name: "sync identity of 257 characters",
            token: AccessToken(identity: String(repeating: "a", count: 257), grants: [.sync(SyncGrant())]),
            expected: [("grants.identity", 54351)]),
        Case(
            name: "sync identity of 256 characters",
            token: AccessToken(identity: String(repeating: "a", count: 256), grants: [.sync(SyncGrant())]),
            expected: []),
        Case(
            name: "chat endpoint id", token: AccessToken(identity: "a", grants: [.chat(ChatGrant(endpointID: "e"))]),
            expected: [("grants.chat.endpoint_id", nil)]),
        Case(
            name: "undocumented region", token: AccessToken(identity: "a", region: .unlisted("de1")),
            expected: [("header.twr", nil)]),
        Case(
            name: "documented region", token: AccessToken(identity: "a", region: .jp1), expected: []),
        Case(
            name: "several findings, in product order",
            token: AccessToken(
                identity: "",
                grants: [.sync(SyncGrant()), .video(VideoGrant()), .voice(VoiceGrant(incomingAllowed: true))]),
            expected: [("grants.identity", 31105), ("grants.identity", 53200), ("grants.identity", 54351)]),
    ]

    @Test("reports the expected findings", arguments: cases)
    func findings(_ testCase: Case) {
        let findings = testCase.token.diagnostics()
        #expect(findings.map(\.field) == testCase.expected.map(\.0))
        #expect(findings.map(\.twilioErrorCode) == testCase.expected.map(\.1))
    }

    @Test("an unlisted region is a note when minting (it is explicit), a warning when linting a token")
    func unlistedRegionSeverity() throws {
        let token = AccessToken(identity: "a", region: .unlisted("de1"))
        #expect(token.diagnostics().map(\.severity) == [.note])
        let key = try APIKey(
            sid: "SK" + String(repeating: "b", count: 32), secret: Secret(String(repeating: "s", count: 32)),
            accountSID: "AC" + String(repeating: "a", count: 32))
        let findings = try UnverifiedToken(decoding: token.jwt(signedWith: key, issuedAt: 1_700_000_000))
            .lint(at: 1_700_000_000)
        #expect(findings.map(\.field) == ["header.twr"])
        #expect(findings.map(\.severity) == [.warning])
    }

    @Test("messages describe the identity without echoing it")
    func noEcho() {
        let identity = "secret person@example.com"
        let findings = AccessToken(identity: identity, grants: [.voice(VoiceGrant())]).diagnostics()
        #expect(findings.count == 1)
        #expect(!findings[0].description.contains(identity))
        #expect(findings[0].description.contains("the character U+0020"))
        #expect(findings[0].description.hasPrefix("warning: grants.identity: Voice identities"))
        #expect(findings[0].description.hasSuffix("(Twilio error 31105)"))
    }
}
