import Foundation
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// Tokens of every helper library are accepted (`Vectors/cross-library-tokens.json`, whose `source` names each
/// library's code: twilio-ruby, twilio-php and twilio-python 5.7.0 tokens, and the node, go, ExTwilio, java and c#
/// layouts, the last two synthesised by Tests/Python/cross_library_fixtures.py), the twilio-python 9.13.0 vectors
/// verify, and the JWS layer reproduces the public HS256 vectors (docs/security-checklist.md, group P).
@Suite("Verifier: every helper library's tokens, and public vectors")
struct VerifierInteropTests {
    static let apiKey = try! APIKey(
        sid: "SK" + String(repeating: "b", count: 32),
        secret: Secret("abcdefghijklmnopqrstuvwxyz012345"),
        accountSID: "AC" + String(repeating: "a", count: 32)
    )
    static let account = try! AccountCredentials(
        accountSID: "AC" + String(repeating: "a", count: 32),
        authToken: Secret("0123456789abcdef0123456789abcdef")
    )
    static let verifier = try! TokenVerifier(apiKeys: [apiKey], accounts: [account])
    static let now = 1_700_000_100

    struct CrossLibraryToken: Sendable, CustomTestStringConvertible {
        let id: String
        let kind: String
        let token: String
        let identity: String?
        let grantKeys: [String]?
        /// The header and payload JSON of the synthesised layouts, byte for byte (SYN-JAVA, SYN-CSHARP).
        let header: String?
        let payload: String?
        var testDescription: String { self.id }
    }

    static let crossLibrary: [CrossLibraryToken] = {
        let file = try! loadVectorFile("cross-library-tokens")
        return file["tokens"]!.arrayValue!.map {
            CrossLibraryToken(
                id: $0["id"]!.stringValue!,
                kind: $0["kind"]!.stringValue!,
                token: $0["token"]!.stringValue!,
                identity: $0["identity"]?.stringValue,
                grantKeys: $0["grantKeys"]?.arrayValue?.map { $0.stringValue! },
                header: $0["header"]?.stringValue,
                payload: $0["payload"]?.stringValue
            )
        }
    }()

    @Test(
        "tokens of twilio-ruby, twilio-php, twilio-python 5, node, java, go, c# and ExTwilio are accepted",
        arguments: crossLibrary)
    func crossLibraryAccepted(_ entry: CrossLibraryToken) throws {
        let verified = try Self.verifier.verify(entry.token, at: Self.now)
        #expect(verified.claims.kind.rawValue == entry.kind)
        if case .access(let claims) = verified.claims {
            #expect(claims.identity == entry.identity)
            #expect(claims.grants.map(\.key) == entry.grantKeys)
        }
        // Where the file spells out the layout, the token carries exactly those bytes.
        let parts = entry.token.split(separator: ".", omittingEmptySubsequences: false)
        if let header = entry.header {
            #expect(base64URLDecodedString(parts[0]) == header)
        }
        if let payload = entry.payload {
            #expect(base64URLDecodedString(parts[1]) == payload)
        }
    }

    /// The libraries "Verifying tokens" (VerifyingTokens.md) says the test suite verifies tokens of, and the id
    /// prefix of their entries in cross-library-tokens.json (twilio-python 9 is access-token-vectors.json).
    static let documentedLibraries: [(library: String, prefix: String)] = [
        ("twilio-python 5", "PY5 "), ("twilio-ruby", "RB "), ("twilio-php", "PHP "), ("twilio-node", "SYN-NODE "),
        ("twilio-java", "SYN-JAVA "), ("twilio-go", "SYN-GO "), ("twilio-csharp", "SYN-CSHARP "),
        ("ExTwilio", "SYN-EXTWILIO "),
    ]

    @Test("every library VerifyingTokens.md names has an access token in the cross-library file")
    func everyDocumentedLibraryCovered() throws {
        let article = try String(
            contentsOf: packageRoot.appendingPathComponent("Sources/TwilioJWT/Documentation.docc/VerifyingTokens.md"),
            encoding: .utf8)
        for (library, prefix) in Self.documentedLibraries {
            #expect(article.contains(library), "VerifyingTokens.md does not name \(library)")
            #expect(
                Self.crossLibrary.contains { $0.id.hasPrefix(prefix) && $0.kind == "access" },
                "no \(library) access token (id '\(prefix)…') in cross-library-tokens.json")
        }
    }

    @Test("Tests/Python/cross_library_fixtures.py still generates the SYN-JAVA and SYN-CSHARP entries")
    func synthesisedFixturesAreCurrent() throws {
        let script = packageRoot.appendingPathComponent("Tests/Python/cross_library_fixtures.py")
        let result = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, "--check"])
        #expect(result.status == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
    }

    @Test(
        "Ruby's twr:null is no region; PHP's escaped slash, Go's sorted keys, Java's HashMap order and rounded jti and C#'s layout read the same"
    )
    func libraryQuirks() throws {
        func claims(_ id: String) throws -> AccessTokenClaims {
            let token = Self.crossLibrary.first { $0.id == id }!.token
            return try Self.verifier.verify(token, as: AccessTokenClaims.self, at: Self.now).claims
        }
        #expect(try claims("RB AT-1 identity only").region == nil)
        #expect(try claims("RB AT-3/4 voice full + region").region?.id == "ie1")
        #expect(
            try claims("PHP empty video + playback url (slash escaping)").grants.playback
                == PlaybackGrant(grant: ["playbackUrl": "https://example.com/stream.json"])
        )
        #expect(
            try claims("SYN-NODE access token (jsonwebtoken layout, iat, no nbf, region)").issuedAt == 1_700_000_000)
        #expect(
            try claims("SYN-GO access token (encoding/json sorted keys)").grants.video
                == VideoGrant(room: "DailyStandup"))
        // twilio-java: the jti's seconds went through a float (`(int)(Math.floor(now.getTime() / 1000.0f))`), so a
        // token minted at 1700000100 says 1700000000; exp is exact. No nbf unless given; the HashMap order puts voice
        // before identity. Source:
        // https://github.com/twilio/twilio-java/blob/81babc16e8114c4512052669378bbb553dc35ebd/src/main/java/com/twilio/jwt/accesstoken/AccessToken.java
        let java = try claims("SYN-JAVA access token (HashMap header + alg, jti rounded in float, no nbf)")
        #expect(java.tokenID == "SK" + String(repeating: "b", count: 32) + "-1700000000")
        #expect(java.expiresAt == 1_700_003_700)
        #expect(java.notBefore == nil)
        #expect(java.grants.video == VideoGrant(room: "DailyStandup"))
        #expect(
            java.grants.voice
                == VoiceGrant(
                    incomingAllowed: true, outgoing: .init(applicationSID: "AP" + String(repeating: "c", count: 32)),
                    pushCredentialSID: "CR" + String(repeating: "d", count: 32), endpointID: "alice-ep1"))
        let javaRegion = try claims("SYN-JAVA access token (region, nbf, chat)")
        #expect(javaRegion.region?.id == "ie1")
        #expect(javaRegion.notBefore == 1_700_000_000)
        // twilio-csharp: nbf only when given, twr after cty, no identity when none was set. Source:
        // https://github.com/twilio/twilio-csharp/blob/ed1f83d12693301d47cb31e2f24ec6086ee5f300/src/Twilio/JWT/AccessToken/Token.cs
        let csharp = try claims("SYN-CSHARP access token (JwtHeader alg,typ then cty; nbf; identity first)")
        #expect(csharp.notBefore == 1_700_000_000)
        #expect(csharp.issuedAt == nil)
        #expect(csharp.grants.voice?.outgoing?.applicationSID == "AP" + String(repeating: "c", count: 32))
        let csharpRegion = try claims("SYN-CSHARP access token (region, no nbf, no identity)")
        #expect(csharpRegion.region?.id == "au1")
        #expect(csharpRegion.notBefore == nil)
        #expect(csharpRegion.identity == nil)
        let extwilio = try Self.verifier.verify(
            Self.crossLibrary.first { $0.id.hasPrefix("SYN-EXTWILIO capability") }!.token,
            as: ClientCapabilityClaims.self,
            at: Self.now
        ).claims
        #expect(extwilio.clientName == "tom my")
        #expect(
            extwilio.scopes.last
                == .outgoing(
                    applicationSID: "AP" + String(repeating: "c", count: 32),
                    params: [("user_id", "321"), ("xargs_id", "value")].reduce(into: ScopeParameters()) {
                        $0.append(name: $1.0, value: $1.1)
                    }))
        let ruby = try Self.verifier.verify(
            Self.crossLibrary.first { $0.id.hasPrefix("RB CAP") }!.token, as: ClientCapabilityClaims.self,
            at: Self.now
        ).claims
        // twilio-ruby writes the event filters with a raw '&', which cannot be read back unambiguously.
        #expect(ruby.unrecognizedScopes.count == 1)
        #expect(ruby.clientName == "alice smith")
    }

    @Test(
        "every AT-*, CAP-* and TR-* vector verifies and reads back as minted",
        arguments: [
            "access-token-vectors", "capability-token-vectors", "taskrouter-token-vectors",
        ])
    func referenceVectorsVerify(_ file: String) throws {
        for vector in TokenVector.load(file) {
            guard let token = vector.token else { continue }
            let verified = try Self.verifier.verify(token, at: Self.now)
            switch verified.claims {
            case .access(let claims):
                let spec = vector.input
                #expect(claims.identity == (spec["identity"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }))
                #expect(claims.grants == AccessTokenSpec.token(spec).grants, "\(vector.id)")
            case .clientCapability(let claims):
                #expect(claims.unrecognizedScopes.isEmpty)
                let minted = CapabilitySpec.capabilityToken(vector.input)
                // The outgoing scope reads back with the client name carried into it.
                #expect(claims.scopes.count == minted.scopes.count, "\(vector.id)")
                #expect(try claims.scopeClaim == minted.scopeClaim())
            case .taskRouter(let claims):
                let minted = CapabilitySpec.taskRouterToken(vector.input)
                #expect(claims.policies == minted.policies(accountSID: Self.account.accountSID), "\(vector.id)")
                #expect(claims.channel == minted.channel)
            case .clientValidation:
                Issue.record("unexpected kind")
            }
        }
    }

    @Test("P04 jwt.io's example key (19 bytes) is refused as a secret by policy")
    func jwtIOKeyRefused() {
        // RFC 7515 appendix A.1 and Wycheproof tc1 are JWS-level vectors, checked against HS256Key in
        // TwilioJWTEngineTests; their payloads are not Twilio claims.
        #expect(throws: TokenError.self) { try Secret("your-256-bit-secret") }
    }

    @Test("P06/G01 twilio-python's fixture token verifies")
    func pythonFixture() throws {
        let key = try APIKey(sid: Fixture.keySID, secret: Secret(Fixture.secret), accountSID: Fixture.accountSID)
        let token =
            "eyJhbGciOiJIUzI1NiIsImN0eSI6InR3aWxpby1mcGE7dj0xIiwidHlwIjoiSldUIn0.eyJqdGkiOiJTSzExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExLTE3MDAwMDAwMDAiLCJncmFudHMiOnsidm9pY2UiOnsiaW5jb21pbmciOnsiYWxsb3ciOnRydWV9LCJvdXRnb2luZyI6eyJhcHBsaWNhdGlvbl9zaWQiOiJBUDIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyIn19LCJpZGVudGl0eSI6ImFsaWNlIn0sImlzcyI6IlNLMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTEiLCJleHAiOjE3MDAwMDM2MDAsIm5iZiI6MTcwMDAwMDAwMCwic3ViIjoiQUMwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMCJ9.a5NSNyBvn-Rx_c01zvPooSKSEmL5TO2XT8AIF8oL1W8"
        let verified = try TokenVerifier(apiKeys: [key]).verify(token, as: AccessTokenClaims.self, at: Fixture.now)
        #expect(verified.claims.grants.voice?.outgoing?.applicationSID == "AP" + String(repeating: "2", count: 32))
        // And minting the same token here gives the same bytes.
        var same = AccessToken(identity: "alice")
        same.grants.voice = VoiceGrant(
            incomingAllowed: true, outgoing: .init(applicationSID: "AP" + String(repeating: "2", count: 32)))
        #expect(try same.jwt(signedWith: key, issuedAt: 1_700_000_000) == token)
    }
}
