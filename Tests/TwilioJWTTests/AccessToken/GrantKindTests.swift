import Foundation
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// `GrantKind` is the one home of each grant's key: minting writes it, verification finds the grant by it and decodes
/// the grant's type. These tests hold the recipe of docs/architecture.md ("adding a grant") to its word: a grant is
/// its kind, its type and its tests, and the engine knows nothing of grants.
@Suite("Grant kinds")
struct GrantKindTests {
    /// One grant of each kind, with every member set.
    static let samples: [Grant] = [
        .voice(
            VoiceGrant(
                incomingAllowed: true,
                outgoing: .init(
                    applicationSID: "AP" + String(repeating: "c", count: 32), params: ["to": "+1555", "n": 2]),
                pushCredentialSID: "CR" + String(repeating: "d", count: 32), endpointID: "device-1")),
        .video(VideoGrant(room: "standup")),
        .chat(
            ChatGrant(
                serviceSID: "IS" + String(repeating: "1", count: 32), endpointID: "e",
                deploymentRoleSID: "RL" + String(repeating: "2", count: 32),
                pushCredentialSID: "CR" + String(repeating: "3", count: 32))),
        .sync(SyncGrant(serviceSID: "IS" + String(repeating: "4", count: 32), endpointID: "e")),
        .taskRouter(
            TaskRouterGrant(
                workspaceSID: "WS" + String(repeating: "5", count: 32),
                workerSID: "WK" + String(repeating: "6", count: 32),
                role: "worker")),
        .playback(PlaybackGrant(grant: ["playbackUrl": "https://example.com/s.json", "requestCredentials": nil])),
        .ipMessaging(IPMessagingGrant(serviceSID: "IS" + String(repeating: "7", count: 32))),
        .rtc(RTCGrant(configurationProfileSID: "VS" + String(repeating: "8", count: 32))),
    ]

    static let key = try! APIKey(
        sid: "SK" + String(repeating: "b", count: 32), secret: Secret("abcdefghijklmnopqrstuvwxyz012345"),
        accountSID: "AC" + String(repeating: "a", count: 32))

    @Test("every kind has one sample, and the grant's key is its kind's")
    func samplesCoverTheKinds() {
        #expect(Self.samples.map(\.key) == GrantKind.allCases.map(\.key))
        #expect(Set(GrantKind.allCases.map(\.key)).count == GrantKind.allCases.count)
    }

    @Test("each kind's grant is written under its key and verified back to the same typed grant", arguments: samples)
    func roundTrip(grant: Grant) throws {
        let jwt = try AccessToken(identity: "alice", grants: [grant]).jwt(signedWith: Self.key, issuedAt: 1_700_000_000)
        let payload = try UnverifiedToken(decoding: jwt).payload
        #expect(payload["grants"]?.objectValue?.keys == [grant.key, "identity"])
        let claims = try TokenVerifier(apiKeys: [Self.key]).verify(jwt, as: AccessTokenClaims.self, at: 1_700_000_001)
            .claims
        #expect(Array(claims.grants) == [grant])
    }

    @Test(
        "a grant of a known key but an unknown shape is kept verbatim as a custom grant", arguments: GrantKind.allCases)
    func unknownShape(kind: GrantKind) throws {
        guard kind != .playback else { return }  // any JSON is a playback grant
        let odd: JSONValue = ["unexpected_member": ["nested": true]]
        let jwt = try AccessToken(grants: [.custom(key: kind.key, value: odd)]).jwt(
            signedWith: Self.key, issuedAt: 1_700_000_000)
        let claims = try TokenVerifier(apiKeys: [Self.key]).verify(jwt, as: AccessTokenClaims.self, at: 1_700_000_001)
            .claims
        #expect(Array(claims.grants) == [.custom(key: kind.key, value: odd)])
    }

    @Test("the engine names no grant: adding one touches nothing below the seam")
    func engineKnowsNoGrant() throws {
        let engine = packageRoot.appendingPathComponent("Sources/TwilioJWTEngine")
        let files = FileManager.default.enumerator(atPath: engine.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: engine.appendingPathComponent(file), encoding: .utf8)
            for kind in GrantKind.allCases {
                #expect(!text.contains("\"\(kind.key)\""), "\(file) spells the grant key \(kind.key)")
            }
        }
    }
}
