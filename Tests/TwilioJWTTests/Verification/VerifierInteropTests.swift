import Foundation
import Testing

@testable import TwilioJWT

/// Tokens of every helper library are accepted (reference §1.1, including the java and c# layouts synthesised by
/// Tests/Python/cross_library_fixtures.py, §1.4, §1.5), the reference vectors verify, and
/// the JWS layer reproduces the public HS256 vectors (security reference §1.2 P).
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
            return try Self.verifier.verifyAccessToken(token, at: Self.now).claims
        }
        #expect(try claims("RB AT-1 identity only").region == nil)
        #expect(try claims("RB AT-3/4 voice full + region").region == "ie1")
        #expect(
            try claims("PHP empty video + playback url (slash escaping)").grants.playback
                == PlaybackGrant(grant: ["playbackUrl": "https://example.com/stream.json"])
        )
        #expect(
            try claims("SYN-NODE access token (jsonwebtoken layout, iat, no nbf, region)").issuedAt == 1_700_000_000)
        #expect(
            try claims("SYN-GO access token (encoding/json sorted keys)").grants.video
                == VideoGrant(room: "DailyStandup"))
        // twilio-java (§1.1): the jti's seconds went through a float, so a token minted at 1700000100 says
        // 1700000000; exp is exact. No nbf unless given; the HashMap order puts voice before identity.
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
        #expect(javaRegion.region == "ie1")
        #expect(javaRegion.notBefore == 1_700_000_000)
        // twilio-csharp (§1.1): nbf only when given, twr after cty, no identity when none was set.
        let csharp = try claims("SYN-CSHARP access token (JwtHeader alg,typ then cty; nbf; identity first)")
        #expect(csharp.notBefore == 1_700_000_000)
        #expect(csharp.issuedAt == nil)
        #expect(csharp.grants.voice?.outgoing?.applicationSID == "AP" + String(repeating: "c", count: 32))
        let csharpRegion = try claims("SYN-CSHARP access token (region, no nbf, no identity)")
        #expect(csharpRegion.region == "au1")
        #expect(csharpRegion.notBefore == nil)
        #expect(csharpRegion.identity == nil)
        let extwilio = try Self.verifier.verifyClientCapabilityToken(
            Self.crossLibrary.first { $0.id.hasPrefix("SYN-EXTWILIO capability") }!.token,
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
        let ruby = try Self.verifier.verifyClientCapabilityToken(
            Self.crossLibrary.first { $0.id.hasPrefix("RB CAP") }!.token,
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

    @Test("P01 RFC 7515 A.1 and P03 Wycheproof tc1 verify at the JWS layer; P04 jwt.io's key is refused by policy")
    func publicVectors() throws {
        let vectors: [(key: String, input: String, signature: String)] = [
            (
                "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
                "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ",
                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
            ),
            (
                "-ebuDNsVZ2iJtoZ-akfXTSCt4UO2cruLCsbWlBinggE",
                "eyJhbGciOiJIUzI1NiIsImtpZCI6ImtpZC1hZXMtc2lnbiJ9.Zm9v",
                "TD37p4c_0jmreSrBSDmE0F3mYSPtkZ3WrSyI5wb_KTg"
            ),
            (
                "hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg",
                "eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9.SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4",
                "s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0"
            ),
        ]
        for vector in vectors {
            let key = HS256Key(keyBytes: try #require(Base64URL.decode(vector.key)))
            let signature = try #require(Base64URL.decode(vector.signature))
            let valid = Array(vector.input.utf8).withUnsafeBytes { key.isValidSignature(signature, for: $0) }
            #expect(valid)
            // The MAC is over the bytes as transmitted (P01 has CRLF and spaces inside its JSON).
            let tampered = Array((vector.input + "A").utf8).withUnsafeBytes { key.isValidSignature(signature, for: $0) }
            #expect(!tampered)
        }
        let jwtIO = HS256Key(keyBytes: Array("your-256-bit-secret".utf8))
        let input =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
        let signature = try #require(Base64URL.decode("SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"))
        #expect(Array(input.utf8).withUnsafeBytes { jwtIO.isValidSignature(signature, for: $0) })
        #expect(throws: TokenError.self) { try Secret("your-256-bit-secret") }
    }

    @Test("P06/G01 twilio-python's fixture token verifies")
    func pythonFixture() throws {
        let key = try APIKey(sid: Fixture.keySID, secret: Secret(Fixture.secret), accountSID: Fixture.accountSID)
        let token =
            "eyJhbGciOiJIUzI1NiIsImN0eSI6InR3aWxpby1mcGE7dj0xIiwidHlwIjoiSldUIn0.eyJqdGkiOiJTSzExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExLTE3MDAwMDAwMDAiLCJncmFudHMiOnsidm9pY2UiOnsiaW5jb21pbmciOnsiYWxsb3ciOnRydWV9LCJvdXRnb2luZyI6eyJhcHBsaWNhdGlvbl9zaWQiOiJBUDIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyIn19LCJpZGVudGl0eSI6ImFsaWNlIn0sImlzcyI6IlNLMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTEiLCJleHAiOjE3MDAwMDM2MDAsIm5iZiI6MTcwMDAwMDAwMCwic3ViIjoiQUMwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMCJ9.a5NSNyBvn-Rx_c01zvPooSKSEmL5TO2XT8AIF8oL1W8"
        let verified = try TokenVerifier(apiKeys: [key]).verifyAccessToken(token, at: Fixture.now)
        #expect(verified.claims.grants.voice?.outgoing?.applicationSID == "AP" + String(repeating: "2", count: 32))
        // And minting the same token here gives the same bytes.
        var same = AccessToken(identity: "alice")
        same.grants.voice = VoiceGrant(
            incomingAllowed: true, outgoing: .init(applicationSID: "AP" + String(repeating: "2", count: 32)))
        #expect(try same.jwt(signedWith: key, issuedAt: 1_700_000_000) == token)
    }
}
